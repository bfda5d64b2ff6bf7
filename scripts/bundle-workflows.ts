// npm run build: writes dist/workflow-bundle.js for production workers (WORKFLOW_BUNDLE), and
// dist/workflow-bundle-traced.js beside it, which workers use when OpenTelemetry tracing is on.
import { writeWorkflowBundle } from '../src/workflow-bundle.js';
import { tracedBundle } from '../src/worker-setup.js';

const out = process.argv[2] ?? 'dist/workflow-bundle.js';
await writeWorkflowBundle(out);
await writeWorkflowBundle(tracedBundle(out), { traced: true });
console.log(`workflow bundles written to ${out} and ${tracedBundle(out)}`);
