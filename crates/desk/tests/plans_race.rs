//! Two admins change the same org's products at the same time against okta-sim, each with its
//! own service app, token cache and lock set on one shared lock folder, as two Aerial Desk
//! processes on one computer would. Randomized and seeded: set `PLANS_RACE_SEED` to repeat a run.

mod plans_sim;

use std::collections::BTreeSet;
use std::time::Duration;

use desk::plans::{self, AppliedPlan, OrgLocks, PlanError, ProductIntent, ProductPlan};
use plans_sim::{Admin, PRODUCTS, PlanSim, sorted_ids};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

const TRIALS: usize = 200;

/// One admin's side of a trial.
struct Side {
    intent: ProductIntent,
    plan: ProductPlan,
    result: Result<AppliedPlan, PlanError>,
}

struct Planner {
    admin: Admin,
    locks: OrgLocks,
}

impl Planner {
    async fn plan(&self, intent: &ProductIntent, delay: Duration) -> ProductPlan {
        tokio::time::sleep(delay).await;
        plans::plan_products(&self.admin.client, plans_sim::ORG_ID, intent)
            .await
            .expect("planning a valid intent succeeds")
    }

    async fn apply(&self, plan: &ProductPlan, delay: Duration) -> Result<AppliedPlan, PlanError> {
        tokio::time::sleep(delay).await;
        plans::apply_plan(&self.admin.client, plan, &self.locks).await
    }

    /// Plans and applies with random pauses before each step.
    async fn run(&self, intent: ProductIntent, delays: [Duration; 2]) -> Side {
        let plan = self.plan(&intent, delays[0]).await;
        let result = self.apply(&plan, delays[1]).await;
        Side {
            intent,
            plan,
            result,
        }
    }
}

fn random_intent(rng: &mut StdRng) -> ProductIntent {
    let mut intent = ProductIntent::default();
    for id in PRODUCTS {
        match rng.random_range(0..4) {
            0 => intent.enable.push(id.to_owned()),
            1 => intent.disable.push(id.to_owned()),
            _ => {}
        }
    }
    intent
}

fn random_products(rng: &mut StdRng) -> Vec<String> {
    PRODUCTS
        .iter()
        .filter(|_| rng.random_bool(0.5))
        .map(|id| id.to_string())
        .collect()
}

fn random_delays(rng: &mut StdRng) -> [Duration; 2] {
    [(); 2].map(|()| Duration::from_micros(rng.random_range(0..=3000)))
}

fn sorted(ids: &[String]) -> Vec<String> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_admins_never_lose_changes() {
    let seed: u64 = std::env::var("PLANS_RACE_SEED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("race seed {seed}: repeat with PLANS_RACE_SEED={seed}");
    let mut rng = StdRng::seed_from_u64(seed);

    let sim = PlanSim::start().await;
    let folder = tempfile::tempdir().unwrap();
    let first = Planner {
        admin: sim.admin("0oaracefirst").await,
        locks: OrgLocks::new(folder.path()),
    };
    let second = Planner {
        admin: sim.admin("0oaracesecond").await,
        locks: OrgLocks::new(folder.path()),
    };
    let outsider = sim.admin("0oaraceoutsider").await;
    let outsider_token = outsider.token().await;

    // Holds about a third of the product reads and writes for 2 ms, so requests overtake each
    // other inside the emulator too.
    let latency = json!({ "path": "*/products", "kind": "latency", "delayMs": 2, "probability": 0.3, "seed": seed });
    sim.control(reqwest::Method::POST, "faults", latency).await;

    let mut outcomes = [0usize; 3];
    for trial in 0..TRIALS {
        let context = format!("seed {seed}, trial {trial}");
        let initial = sorted(&random_products(&mut rng));
        sim.raw_put_products(&outsider_token, &initial).await;
        sim.clear_requests().await;

        let intents = [random_intent(&mut rng), random_intent(&mut rng)];
        let delays = [random_delays(&mut rng), random_delays(&mut rng)];
        let outside_write = rng.random_bool(0.25);
        let check = Check {
            sim: &sim,
            token: &outsider_token,
            context: &context,
            initial: &initial,
        };

        if outside_write {
            let outside_list = loop {
                let list = sorted(&random_products(&mut rng));
                if list != initial {
                    break list;
                }
            };
            let sides = race_with_outsider(
                &first,
                &second,
                intents,
                delays,
                &sim,
                &outsider_token,
                &outside_list,
            )
            .await;
            check.outsider_wins(&sides, &outside_list).await;
            outcomes[2] += 1;
        } else {
            let [a, b] = intents;
            let (side_a, side_b) = tokio::join!(first.run(a, delays[0]), second.run(b, delays[1]));
            let sides = [side_a, side_b];
            check.two_admins(&sides).await;
            let stopped = sides.iter().filter(|side| side.result.is_err()).count();
            outcomes[stopped.min(1)] += 1;
        }
    }
    eprintln!(
        "trials: {} where both admins applied, {} where one was stopped, {} with an outside write",
        outcomes[0], outcomes[1], outcomes[2]
    );
}

/// Both admins plan, then a writer outside Aerial Desk replaces the list, then both apply.
async fn race_with_outsider(
    first: &Planner,
    second: &Planner,
    intents: [ProductIntent; 2],
    delays: [[Duration; 2]; 2],
    sim: &PlanSim,
    token: &str,
    outside_list: &[String],
) -> [Side; 2] {
    let [a, b] = intents;
    let (plan_a, plan_b) =
        tokio::join!(first.plan(&a, delays[0][0]), second.plan(&b, delays[1][0]));
    sim.raw_put_products(token, outside_list).await;
    let (result_a, result_b) = tokio::join!(
        first.apply(&plan_a, delays[0][1]),
        second.apply(&plan_b, delays[1][1])
    );
    [
        Side {
            intent: a,
            plan: plan_a,
            result: result_a,
        },
        Side {
            intent: b,
            plan: plan_b,
            result: result_b,
        },
    ]
}

/// The checks after one trial.
struct Check<'a> {
    sim: &'a PlanSim,
    token: &'a str,
    context: &'a str,
    initial: &'a [String],
}

impl Check<'_> {
    /// Checks a trial without an outside write.
    async fn two_admins(&self, sides: &[Side; 2]) {
        let context = self.context;
        let mut expected_puts = Vec::new();
        for (index, side) in sides.iter().enumerate() {
            match &side.result {
                Ok(result) => {
                    self.check_applied(index, side, result);
                    if !side.plan.is_empty() {
                        expected_puts.push(sorted(&side.plan.full_list()));
                    }
                }
                Err(PlanError::ChangedSinceReviewed { .. }) => {}
                Err(PlanError::ReadBackMismatch { .. }) => {
                    expected_puts.push(sorted(&side.plan.full_list()));
                }
                Err(other) => panic!("{context}: admin {index} failed: {other}"),
            }
        }

        let puts = self.sim.product_puts().await;
        let mut found_puts = puts.clone();
        found_puts.sort();
        expected_puts.sort();
        assert_eq!(
            found_puts, expected_puts,
            "{context}: the emulator received exactly the writes of the applied plans"
        );

        let state = self.replay(sides, &puts);
        let now = self.sim.raw_product_ids(self.token).await;
        assert_eq!(now, state, "{context}: the org ends with the last write");
        self.check_unchosen(sides, &now);
    }

    /// Checks that an applied plan enabled everything its admin enabled, disabled everything its
    /// admin disabled, and wrote exactly its full list.
    fn check_applied(&self, index: usize, side: &Side, result: &AppliedPlan) {
        let context = self.context;
        let after = sorted_ids(&result.after);
        assert_eq!(
            after,
            sorted(&side.plan.full_list()),
            "{context}: admin {index} read back its full list"
        );
        for id in &side.intent.enable {
            assert!(after.contains(id), "{context}: admin {index} enabled {id}");
        }
        for id in &side.intent.disable {
            assert!(
                !after.contains(id),
                "{context}: admin {index} disabled {id}"
            );
        }
        assert_eq!(
            sorted_ids(&result.before),
            sorted_ids(&side.plan.current),
            "{context}: admin {index} wrote over the list it reviewed"
        );
    }

    /// Replays the writes in arrival order: each one must come from a plan reviewed against the
    /// list it replaced, so no write overwrote a change its admin never saw.
    fn replay(&self, sides: &[Side; 2], puts: &[Vec<String>]) -> Vec<String> {
        let context = self.context;
        let mut state = self.initial.to_vec();
        let mut unused: Vec<&Side> = sides.iter().collect();
        for put in puts {
            let position = unused.iter().position(|side| {
                sorted(&side.plan.full_list()) == *put && sorted_ids(&side.plan.current) == state
            });
            let Some(position) = position else {
                panic!(
                    "{context}: the write of {put:?} replaced {state:?}, which its plan never saw"
                );
            };
            unused.remove(position);
            state = put.clone();
        }
        state
    }

    /// Checks that every product neither admin named kept its state.
    fn check_unchosen(&self, sides: &[Side; 2], now: &[String]) {
        let chosen: BTreeSet<&String> = sides
            .iter()
            .flat_map(|side| side.intent.enable.iter().chain(&side.intent.disable))
            .collect();
        for id in PRODUCTS.map(str::to_owned) {
            if chosen.contains(&id) {
                continue;
            }
            assert_eq!(
                now.contains(&id),
                self.initial.contains(&id),
                "{}: {id}, chosen by neither admin, changed state",
                self.context
            );
        }
    }

    /// Checks that with an outside write between review and apply, both admins stop and nothing
    /// of theirs is written.
    async fn outsider_wins(&self, sides: &[Side; 2], outside_list: &[String]) {
        let context = self.context;
        for (index, side) in sides.iter().enumerate() {
            assert!(
                matches!(side.result, Err(PlanError::ChangedSinceReviewed { .. })),
                "{context}: admin {index} must stop, got {:?}",
                side.result
            );
        }
        assert_eq!(
            self.sim.product_puts().await,
            [outside_list.to_vec()],
            "{context}: only the outside write reached the emulator"
        );
        assert_eq!(
            self.sim.raw_product_ids(self.token).await,
            outside_list,
            "{context}: the outside write survives"
        );
    }
}
