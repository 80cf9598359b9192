//! Apple HealthKit by a pairing code. The code view's panel, fetched on demand
//! (src/loader/vital-link-pairing.js), asks the host for a code for the user's Junction
//! Connect iOS app (Vital's `POST /v2/link/code/create`), shows it with a QR code until
//! it expires, and has the host's connections read again now and then. The flow decides
//! when those connections say the app has used it.

use super::{Effect, Flow, Step};
use crate::api::AuthKind;

impl Flow {
    /// The connections changed while a code is shown: once they show the provider
    /// connected (where they did not when the code view opened), the app used it.
    pub(super) fn check_paired(&mut self) -> Vec<Effect> {
        let Step::Code {
            provider,
            was_connected: false,
        } = &self.step
        else {
            return vec![];
        };
        if !self.host_says_connected(&provider.slug) {
            return vec![];
        }
        let provider = provider.clone();
        let slug = provider.slug.clone();
        self.go(Step::Connected {
            provider: Some(provider),
        });
        self.succeed(Some(slug), AuthKind::Sdk).to_vec()
    }
}
