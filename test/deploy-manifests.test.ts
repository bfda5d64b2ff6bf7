// The deployment files under deploy/: every Kubernetes manifest validated against the Kubernetes
// API's JSON schemas (the npm package kubernetes-models, generated from the Kubernetes OpenAPI
// definitions, with its validators compiled in: nothing is fetched), and checked for unknown fields
// too (those schemas allow extra properties; the TypeScript types generated from the same
// definitions do not, so each manifest is type-checked as an object literal). The Prometheus rules
// and the Grafana dashboard: valid YAML/JSON, every alert complete, every PromQL expression parsed by
// Prometheus's own grammar (@prometheus-io/lezer-promql), and only the agreed metric names used.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parser as promql } from '@prometheus-io/lezer-promql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const K8S_DIR = path.join(ROOT, 'deploy', 'k8s');

// ---------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------

interface Manifest {
  file: string;
  index: number;
  doc: Record<string, unknown> & { apiVersion: string; kind: string };
}

function loadManifests(dir: string): { manifests: Manifest[]; kustomization: Record<string, unknown> } {
  const manifests: Manifest[] = [];
  let kustomization: Record<string, unknown> | undefined;
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const docs = parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'), { prettyErrors: true });
    for (const [index, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const value = doc.toJS() as Manifest['doc'] | null;
      if (value === null) continue;
      if (file === 'kustomization.yaml') kustomization = value;
      else manifests.push({ file, index, doc: value });
    }
  }
  if (!kustomization) throw new Error(`${dir} has no kustomization.yaml`);
  return { manifests, kustomization };
}

/** kubernetes-models' module for an apiVersion: "v1" → kubernetes-models/v1, "apps/v1" → kubernetes-models/apps/v1. */
function modelModule(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

/** Schema validation: the model class's validate() (ajv, compiled from the Kubernetes OpenAPI schema). */
async function schemaErrors(m: Manifest): Promise<string[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modelModule(m.doc.apiVersion))) as Record<string, unknown>;
  } catch {
    return [`unknown apiVersion ${m.doc.apiVersion}`];
  }
  const Model = mod[m.doc.kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (typeof Model !== 'function') return [`unknown kind ${m.doc.kind} in ${m.doc.apiVersion}`];
  try {
    new Model(m.doc).validate();
    return [];
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  }
}

/**
 * Unknown fields and wrong types: each manifest as a typed object literal, which TypeScript checks
 * for excess properties at every depth.
 */
function typeErrors(manifests: Manifest[]): Map<Manifest, string[]> {
  const sources = new Map<string, { manifest: Manifest; text: string }>();
  for (const m of manifests) {
    const fileName = path.join(K8S_DIR, `__typecheck__${m.file}.${m.index}.ts`);
    const typeName = `I${m.doc.kind}`;
    const text =
      `import type { ${typeName} } from '${modelModule(m.doc.apiVersion)}/${m.doc.kind}';\n` +
      `export const manifest: ${typeName} = ${JSON.stringify(m.doc, null, 2)};\n`;
    sources.set(fileName, { manifest: m, text });
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const virtual = sources.get(path.resolve(name));
    return virtual ? ts.createSourceFile(name, virtual.text, language) : getSourceFile(name, language, ...rest);
  };
  host.fileExists = (name) => sources.has(path.resolve(name)) || fileExists(name);
  host.readFile = (name) => sources.get(path.resolve(name))?.text ?? readFile(name);
  const program = ts.createProgram([...sources.keys()], options, host);
  const errors = new Map<Manifest, string[]>(manifests.map((m) => [m, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const virtual = d.file ? sources.get(path.resolve(d.file.fileName)) : undefined;
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!virtual) throw new Error(`type check: ${message}`);
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const context = d.file && d.start !== undefined ? d.file.text.split('\n')[line - 1]?.trim() : '';
    errors.get(virtual.manifest)!.push(`${message} (at ${context})`);
  }
  return errors;
}

const label = (m: Manifest) => `${m.file}#${m.index} ${m.doc.kind}/${(m.doc.metadata as { name?: string } | undefined)?.name}`;

describe('Kubernetes manifests (deploy/k8s)', async () => {
  const { manifests, kustomization } = loadManifests(K8S_DIR);

  it('the kustomization lists every manifest file and nothing else', () => {
    expect(kustomization).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
    const files = [...new Set(manifests.map((m) => m.file))].sort();
    expect([...(kustomization.resources as string[])].sort()).toEqual(files);
  });

  it('has what the deployment promises: API and worker Deployments, their Services, the worker HPA, the migration Job', () => {
    const kinds = manifests.map((m) => `${m.doc.kind}/${(m.doc.metadata as { name: string }).name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Deployment/jiuzhu-api',
        'Deployment/jiuzhu-worker',
        'Service/jiuzhu-api',
        'Service/jiuzhu-worker-metrics',
        'HorizontalPodAutoscaler/jiuzhu-worker',
        'Job/jiuzhu-migrate',
        'ConfigMap/jiuzhu-config',
      ]),
    );
    // Read as plain JSON: the schema checks above have typed every manifest already.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Loose = any;
    const api = manifests.find((m) => m.doc.kind === 'Deployment' && label(m).includes('jiuzhu-api'))!.doc as Loose;
    const container = api.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(api.spec.replicas).toBeGreaterThan(1);
    // Secrets come from the Secret, never inline.
    for (const m of manifests.filter((x) => ['Deployment', 'Job'].includes(x.doc.kind))) {
      const env = ((m.doc as Loose).spec.template.spec.containers as Loose[]).flatMap((c) => c.env ?? []);
      const names = m.doc.kind === 'Deployment' ? ['JWT_SECRET', 'DATABASE_URL', 'PII_HASH_KEY', 'PAYLOAD_KEYS', 'ACCOUNT_KEYS'] : ['JWT_SECRET', 'DATABASE_URL'];
      for (const name of names) {
        const entry = env.find((e: { name: string }) => e.name === name);
        expect(entry?.valueFrom?.secretKeyRef?.name, `${label(m)} ${name}`).toBe('jiuzhu-secrets');
      }
    }
    const hpa = manifests.find((m) => m.doc.kind === 'HorizontalPodAutoscaler')!.doc as Loose;
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
  });

  it.each(manifests.map((m) => [label(m), m] as const))('%s validates against the Kubernetes schema', async (_, m) => {
    expect(await schemaErrors(m)).toEqual([]);
  });

  it('no manifest has an unknown field or a value of the wrong type', () => {
    const errors = typeErrors(manifests);
    expect(Object.fromEntries([...errors].map(([m, e]) => [label(m), e]))).toEqual(
      Object.fromEntries(manifests.map((m) => [label(m), []])),
    );
  });

  it('the checks catch a broken manifest (a typo, a wrong type, a missing required field)', async () => {
    const broken: Manifest = {
      file: 'broken.yaml',
      index: 0,
      doc: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'broken' },
        spec: {
          replicass: 2,
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ image: 'x', ports: [{ containerPort: 'http' }] }] } },
        },
      },
    };
    const schema = await schemaErrors(broken);
    expect(schema.join('\n')).toMatch(/containerPort must be integer|must have required property 'name'/);
    // A typo alone passes the schema (it allows extra properties) and fails the type check.
    const typo: Manifest = {
      file: 'typo.yaml',
      index: 0,
      doc: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'typo' },
        spec: {
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x', imagePullPolicyy: 'Always' }] } },
        },
      },
    };
    expect(await schemaErrors(typo)).toEqual([]);
    expect(typeErrors([typo]).get(typo)!.join('\n')).toMatch(/imagePullPolicyy/);
    expect(typeErrors([broken]).get(broken)!.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Prometheus and Grafana
// ---------------------------------------------------------------------------------------------

/** The metric names agreed for jiuzhu, and the Temporal SDK worker metrics the files may use. */
const COUNTERS = [
  'jiuzhu_http_requests_total',
  'jiuzhu_cases_started_total',
  'jiuzhu_case_actions_total',
  'jiuzhu_reminders_total',
  'jiuzhu_escalations_total',
  'jiuzhu_payouts_total',
  'jiuzhu_payout_amount_fen_total',
  'jiuzhu_activity_failures_total',
  'temporal_activity_execution_failed',
];
const GAUGES = [
  'jiuzhu_cases_overdue',
  'jiuzhu_reserve_balance_fen',
  'jiuzhu_reconciliation_differences',
  'temporal_worker_task_slots_available',
  'temporal_sticky_cache_size',
  'temporal_num_pollers',
];
const HISTOGRAMS = [
  'jiuzhu_http_request_duration_seconds',
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_activity_schedule_to_start_latency',
];
const KNOWN_METRICS = new Set([
  ...COUNTERS,
  ...GAUGES,
  ...HISTOGRAMS.flatMap((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`]),
]);

/** Parses a PromQL expression: syntax errors, and the metric names it selects. */
function analysePromql(expr: string): { errors: string[]; metrics: string[] } {
  const tree = promql.parse(expr);
  const errors: string[] = [];
  const metrics: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) metrics.push(expr.slice(id.from, id.to));
      }
    },
  });
  if (expr.trim() === '') errors.push('empty expression');
  return { errors, metrics };
}

/** Grafana variables are not PromQL: give them a value of the right kind before parsing. */
function substituteGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)/g, '5m').replace(/\$\{?(\w+)\}?/g, 'x');
}

describe('Prometheus alert rules (deploy/prometheus/alerts.yml)', () => {
  const rules = parseYaml(readFileSync(path.join(ROOT, 'deploy', 'prometheus', 'alerts.yml'), 'utf8')) as {
    groups: { name: string; rules: Record<string, unknown>[] }[];
  };
  type Alert = { group: string; alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> };
  const alerts = rules.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, ...r }) as Alert));

  it('is a rules file of named groups of alerts, each alert named once', () => {
    expect(rules.groups.length).toBeGreaterThan(0);
    for (const group of rules.groups) {
      expect(group.name).toMatch(/\S/);
      expect(group.rules.length).toBeGreaterThan(0);
    }
    const names = alerts.map((a) => a.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(alerts.map((a) => [a.alert, a] as const))('%s has expr, for, labels and annotations, and valid PromQL', (_, alert) => {
    expect(Object.keys(alert).sort()).toEqual(['alert', 'annotations', 'expr', 'for', 'group', 'labels']);
    expect(alert.for).toMatch(/^\d+[smhd]$/);
    expect(['info', 'warning', 'critical']).toContain(alert.labels.severity);
    expect(alert.annotations.summary).toMatch(/\S/);
    expect(alert.annotations.description).toMatch(/\S/);
    const { errors, metrics } = analysePromql(alert.expr);
    expect(errors).toEqual([]);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.filter((m) => !KNOWN_METRICS.has(m))).toEqual([]);
  });

  it('covers overdue cases rising, a low reserve fund, a reconciliation difference, retrying activities and a worker that does not poll', () => {
    const uses = (metric: string) => alerts.some((a) => a.expr.includes(metric));
    expect(uses('jiuzhu_cases_overdue')).toBe(true);
    expect(uses('jiuzhu_reserve_balance_fen')).toBe(true);
    expect(uses('jiuzhu_reconciliation_differences')).toBe(true);
    expect(uses('jiuzhu_activity_failures_total')).toBe(true);
    expect(uses('temporal_num_pollers')).toBe(true);
  });

  it('the PromQL check rejects what Prometheus would', () => {
    expect(analysePromql('sum(rate(jiuzhu_http_requests_total[5m])').errors.length).toBeGreaterThan(0);
    expect(analysePromql('jiuzhu_cases_overdue >').errors.length).toBeGreaterThan(0);
  });
});

describe('Grafana dashboard (deploy/grafana/jiuzhu.json)', () => {
  const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy', 'grafana', 'jiuzhu.json'), 'utf8')) as {
    uid: string;
    title: string;
    panels: { id: number; type: string; title: string; targets?: { expr: string; refId: string }[] }[];
    templating: { list: { name: string }[] };
  };
  const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));

  it('is a dashboard with a data source variable and uniquely numbered panels', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.templating.list.map((v) => v.name)).toContain('datasource');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(targets.length).toBeGreaterThan(10);
  });

  it.each(targets.map((t) => [`${t.panel} ${t.refId}`, t] as const))('%s: valid PromQL on the agreed metrics', (_, target) => {
    const { errors, metrics } = analysePromql(substituteGrafanaVariables(target.expr));
    expect(errors).toEqual([]);
    expect(metrics.filter((m) => !KNOWN_METRICS.has(m))).toEqual([]);
  });

  it('shows every agreed jiuzhu metric and the Temporal worker metrics', () => {
    const used = new Set(targets.flatMap((t) => analysePromql(substituteGrafanaVariables(t.expr)).metrics));
    const base = (m: string) => m.replace(/_(bucket|sum|count)$/, '');
    const usedBase = new Set([...used].map(base));
    for (const metric of [...COUNTERS, ...GAUGES, ...HISTOGRAMS]) expect(usedBase, metric).toContain(metric);
  });
});
