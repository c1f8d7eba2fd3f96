//! Fault injection: latency, 429 bursts, 500s, dropped connections and slow bodies, per host,
//! method and path glob, for a number of requests or at random from a seed.

use serde::Deserialize;

/// Effect of a fault on a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum FaultKind {
    /// Waits `delayMs` before handling the request.
    Latency,
    /// Returns 429 `E0000047` instead of handling the request.
    Status429,
    /// Returns 500 `E0000009` instead of handling the request.
    Status500,
    /// Closes the connection without writing a response.
    Drop,
    /// Handles the request, then sends the body in small chunks `delayMs` apart.
    SlowBody,
}

/// A fault as posted to `POST /__sim/faults`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultSpec {
    pub(crate) host: Option<String>,
    pub(crate) method: Option<String>,
    pub(crate) path: Option<String>,
    pub(crate) kind: FaultKind,
    pub(crate) delay_ms: Option<u64>,
    pub(crate) count: Option<u64>,
    pub(crate) probability: Option<f64>,
    pub(crate) seed: Option<u64>,
}

/// The action chosen for one request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FaultAction {
    pub(crate) kind: FaultKind,
    pub(crate) delay_ms: u64,
}

#[derive(Debug)]
struct Fault {
    spec: FaultSpec,
    remaining: Option<u64>,
    rng_state: u64,
}

#[derive(Debug, Default)]
pub(crate) struct FaultSet {
    faults: Vec<(String, Fault)>,
    next_id: u64,
}

/// SplitMix64: a tiny seeded generator, so a fault's random choices repeat for the same seed.
fn next_random(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Matches `*` (any run of characters, slashes included) and `?` (one character).
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

impl Fault {
    fn matches(&self, host: &str, method: &str, path: &str) -> bool {
        let spec = &self.spec;
        spec.host
            .as_deref()
            .is_none_or(|h| h.eq_ignore_ascii_case(host))
            && spec
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && spec.path.as_deref().is_none_or(|p| glob_matches(p, path))
    }

    fn default_delay(kind: FaultKind) -> u64 {
        match kind {
            FaultKind::SlowBody => 100,
            _ => 500,
        }
    }
}

impl FaultSet {
    /// Adds a fault and returns its ID.
    pub(crate) fn add(&mut self, spec: FaultSpec) -> String {
        self.next_id += 1;
        let id = format!("fault-{}", self.next_id);
        let rng_state = spec.seed.unwrap_or_else(rand::random);
        let remaining = spec.count;
        self.faults.push((
            id.clone(),
            Fault {
                spec,
                remaining,
                rng_state,
            },
        ));
        id
    }

    pub(crate) fn clear(&mut self) {
        self.faults.clear();
    }

    /// Picks the first matching fault that fires for this request, spending one of its count.
    pub(crate) fn decide(&mut self, host: &str, method: &str, path: &str) -> Option<FaultAction> {
        let mut fired = None;
        for (index, (_, fault)) in self.faults.iter_mut().enumerate() {
            if !fault.matches(host, method, path) {
                continue;
            }
            if let Some(probability) = fault.spec.probability
                && next_random(&mut fault.rng_state) >= probability
            {
                continue;
            }
            if let Some(remaining) = fault.remaining.as_mut() {
                *remaining = remaining.saturating_sub(1);
            }
            fired = Some(index);
            break;
        }
        let index = fired?;
        let fault = &self.faults[index].1;
        let action = FaultAction {
            kind: fault.spec.kind,
            delay_ms: fault
                .spec
                .delay_ms
                .unwrap_or_else(|| Fault::default_delay(fault.spec.kind)),
        };
        if fault.remaining == Some(0) {
            self.faults.remove(index);
        }
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn glob_matches_prefix_star_and_question_mark() {
        assert!(glob_matches("/x/api/v1/orgs*", "/x/api/v1/orgs"));
        assert!(glob_matches(
            "/x/api/v1/orgs*",
            "/x/api/v1/orgs/00o1/products"
        ));
        assert!(glob_matches("/*/api/v1/orgs", "/acct/api/v1/orgs"));
        assert!(glob_matches("/oauth2/v?/token", "/oauth2/v1/token"));
        assert!(!glob_matches("/x/api/v1/orgs*", "/y/api/v1/orgs"));
        assert!(!glob_matches("/a", "/ab"));
    }
}
