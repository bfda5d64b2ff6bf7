// The domain modules every workflow uses, loaded once into the worker's sandbox before any workflow runs
// (the bundler's `preloadModules`): the SDK then freezes them and every workflow shares them, where a
// module first required by a workflow is evaluated again for each workflow the sandbox runs. Only pure
// modules belong here — no state of their own, no Temporal API; a module missing from the list is only
// evaluated per workflow, as before.
import '../domain/aid/index.js';
import '../domain/aid/declaration.js';
import '../domain/aid/disaster.js';
import '../domain/aid/emergency-payout.js';
import '../domain/aid/temporary.js';
import '../domain/acceptance.js';
import '../domain/case-acceptance.js';
import '../domain/action-payloads.js';
import '../domain/benefits.js';
import '../domain/care-watch.js';
import '../domain/cases.js';
import '../domain/catalogue.js';
import '../domain/child.js';
import '../domain/dates.js';
import '../domain/failures.js';
import '../domain/fields.js';
import '../domain/instalments.js';
import '../domain/money.js';
import '../domain/months.js';
import '../domain/org.js';
import '../domain/residence.js';
import '../domain/roles.js';
import '../domain/votes.js';
