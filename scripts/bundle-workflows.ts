// npm run build: writes dist/workflow-bundle.js for production workers (WORKFLOW_BUNDLE).
import { writeWorkflowBundle } from '../src/workflow-bundle.js';

const out = process.argv[2] ?? 'dist/workflow-bundle.js';
await writeWorkflowBundle(out);
console.log(`workflow bundle written to ${out}`);
