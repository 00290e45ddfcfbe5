//! Splitting a class across machines, as cargo-nextest splits tests
//! (`--partition count:K/N` or `hash:K/N`): every student lands in exactly
//! one of N partitions, decided by the student's folder name alone, so N
//! runners that each see the same class folder grade disjoint shares of it
//! and `checker grade merge` joins their results.

use std::fmt;
use std::str::FromStr;

/// How students are spread over the partitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Round robin over the students sorted by name: even shares, but a
    /// student added or removed moves the ones after them.
    Count,
    /// By a hash of the student's name: each student's partition never
    /// depends on who else is in the class.
    Hash,
}

/// Partition `index` (1-based) of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    pub method: Method,
    pub index: usize,
    pub total: usize,
}

impl Partition {
    /// The students (sorted by name) that fall in this partition.
    pub fn select(&self, students: &[String]) -> Vec<String> {
        students
            .iter()
            .enumerate()
            .filter(|(position, name)| self.holds(*position, name))
            .map(|(_, name)| name.clone())
            .collect()
    }

    fn holds(&self, position: usize, name: &str) -> bool {
        let slot = match self.method {
            Method::Count => position % self.total,
            Method::Hash => (fnv1a(name.as_bytes()) % self.total as u64) as usize,
        };
        slot + 1 == self.index
    }
}

/// 64-bit FNV-1a: small, fast and the same on every machine and release,
/// which std's hashers do not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl FromStr for Partition {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{spec}` is not a partition; write count:K/N or hash:K/N with 1 <= K <= N, e.g. hash:2/4"
            )
        };
        let (method, share) = match spec.split_once(':') {
            Some(("count" | "slice", share)) => (Method::Count, share),
            Some(("hash", share)) => (Method::Hash, share),
            Some(_) => return Err(bad()),
            None => (Method::Count, spec),
        };
        let (index, total) = share.split_once('/').ok_or_else(bad)?;
        let (index, total): (usize, usize) = (
            index.parse().map_err(|_| bad())?,
            total.parse().map_err(|_| bad())?,
        );
        if index == 0 || index > total {
            return Err(bad());
        }
        Ok(Partition {
            method,
            index,
            total,
        })
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self.method {
            Method::Count => "count",
            Method::Hash => "hash",
        };
        write!(f, "{method}:{}/{}", self.index, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("assignment-student{i:03}"))
            .collect()
    }

    #[test]
    fn specs_parse_like_nextest() {
        let p: Partition = "hash:2/4".parse().unwrap();
        assert_eq!((p.method, p.index, p.total), (Method::Hash, 2, 4));
        assert_eq!("3/5".parse::<Partition>().unwrap().to_string(), "count:3/5");
        assert_eq!(
            "slice:1/2".parse::<Partition>().unwrap().method,
            Method::Count
        );
        for bad in ["0/3", "4/3", "hash:1", "mod:1/2", "a/b", "", "1/0"] {
            let err = bad.parse::<Partition>().unwrap_err();
            assert!(err.contains("count:K/N"), "{bad}: {err}");
        }
    }

    #[test]
    fn every_student_is_in_exactly_one_partition() {
        let students = class(101);
        for method in [Method::Count, Method::Hash] {
            for total in [1, 2, 3, 7] {
                let mut seen: Vec<String> = (1..=total)
                    .flat_map(|index| {
                        Partition {
                            method,
                            index,
                            total,
                        }
                        .select(&students)
                    })
                    .collect();
                seen.sort();
                assert_eq!(seen, students, "{method:?} into {total}");
            }
        }
    }

    #[test]
    fn count_shares_evenly_and_hash_does_not_depend_on_the_others() {
        let students = class(10);
        let shares: Vec<usize> = (1..=3)
            .map(|index| {
                Partition {
                    method: Method::Count,
                    index,
                    total: 3,
                }
                .select(&students)
                .len()
            })
            .collect();
        assert_eq!(shares, [4, 3, 3]);
        let first = Partition {
            method: Method::Hash,
            index: 1,
            total: 3,
        };
        let in_first = first.select(&students);
        let fewer = first.select(&students[..5]);
        assert!(fewer.iter().all(|s| in_first.contains(s)));
        assert_eq!(
            fnv1a(b"a"),
            0xaf63_dc4c_8601_ec8c,
            "FNV-1a's published value"
        );
    }
}
