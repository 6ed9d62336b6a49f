// The deployment manifests, checked as far as can be without a cluster (issue 12): infra/k8s
// built as kustomize would, every Kubernetes object valid for the Kubernetes OpenAPI schema of its
// kind with no unknown field (npm kubernetes-models), wired to objects that exist, the production
// settings valid for the apps' own config schema, no demo data in the default deployment, and
// docker/compose.yaml valid for the Compose Specification's schema and complete (OSRM with its
// preparation, health checks, restart policies, secrets from an uncommitted env file).
import { parseConfig } from '@app/config';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { composeSchemaProblems } from './compose-schema';
import {
  K8sObject as Obj,
  kustomizeBuild,
  loadManifests,
  Manifest,
  ROOT,
  schemaProblems,
  unknownFieldProblems,
} from './k8s-manifests';

const K8S = join(ROOT, 'infra/k8s');
const read = (f: string): string => readFileSync(join(ROOT, f), 'utf8');

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML */
const load = (file: string): Obj[] => loadManifests(file).map((m) => m.object);

const kustomization = parseYaml(read('infra/k8s/kustomization.yaml')) as {
  resources: string[];
};
const built: Manifest[] = kustomizeBuild(K8S);
const deployed: Obj[] = built.map((m) => m.object);
const byKind = (kind: string) => deployed.filter((o) => o.kind === kind);
const named = (kind: string, name: string) =>
  deployed.find((o) => o.kind === kind && o.metadata.name === name);
/** The default deployment, the one-off seed job and the optional jobs. */
const everything: Manifest[] = [
  ...built,
  ...loadManifests(join(K8S, 'seed-job.yaml')),
  ...readdirSync(join(K8S, 'optional')).flatMap((f) => loadManifests(join(K8S, 'optional', f))),
];

describe('infra/k8s', () => {
  it('lists every manifest in kustomization.yaml but the one-off seed job and optional/', () => {
    const files = readdirSync(K8S).filter(
      (f) => f.endsWith('.yaml') && !['kustomization.yaml', 'seed-job.yaml'].includes(f),
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('builds as kustomize would: every resource found and parsed, namespace and image set', () => {
    expect(new Set(built.map((m) => m.file))).toEqual(
      new Set(kustomization.resources.map((f) => `infra/k8s/${f}`)),
    );
    for (const o of deployed) {
      if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe('ridepool');
    }
    expect(named('Deployment', 'booking-api')!.spec.template.spec.containers[0].image).toBe(
      'registry.example.org/ridepool:latest',
    );
  });

  it('validates every object against the Kubernetes OpenAPI schema of its kind', () => {
    expect(schemaProblems(everything)).toEqual([]);
  });

  it('uses no field the Kubernetes API does not know', () => {
    expect(unknownFieldProblems(everything)).toEqual([]);
  });

  it('names every object as a DNS label', () => {
    for (const { object } of everything)
      expect(object.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('catches broken manifests: a wrong type, an unknown field, a missing or unparsable resource', () => {
    const api = built.find((m) => m.object.kind === 'Deployment')!;
    const copy = (change: (o: Obj) => void): Manifest => {
      const m = structuredClone(api);
      change(m.object);
      return m;
    };
    const stringPort = copy(
      (o) => (o.spec.template.spec.containers[0].ports[0].containerPort = '3000'),
    );
    expect(schemaProblems([stringPort])).toEqual([
      expect.stringContaining(
        'spec/template/spec/containers/0/ports/0/containerPort must be integer',
      ),
    ]);
    const unknownField = copy((o) => (o.spec.replica = 2));
    expect(schemaProblems([unknownField])).toEqual([]); // the schemas allow extra fields
    const nested = copy(
      (o) => (o.spec.template.spec.containers[0].readinessProbe.httpGet.prot = 1),
    );
    expect(unknownFieldProblems([unknownField, nested])).toEqual([
      expect.stringMatching(
        /booking-api: spec\.replica: .*'"replica"' does not exist in type 'IDeploymentSpec'/,
      ),
      expect.stringMatching(
        /booking-api: spec\.template\.spec\.containers\[0\]\.readinessProbe\.httpGet\.prot: .*'"prot"' does not exist/,
      ),
    ]);
    const wrongKind = copy((o) => (o.apiVersion = 'apps/v1beta9'));
    expect(schemaProblems([wrongKind])).toEqual([
      expect.stringContaining('no schema for kind Deployment in apps/v1beta9'),
    ]);

    const withResources =
      (resources: string[], files: Record<string, string> = {}) =>
      () =>
        kustomizeBuild(K8S, (path) => {
          const name = path.slice(K8S.length + 1);
          if (name === 'kustomization.yaml')
            return read('infra/k8s/kustomization.yaml').replace(
              /resources:\n( {2}- .*\n)+/,
              `resources:\n${resources.map((r) => `  - ${r}\n`).join('')}`,
            );
          return files[name] ?? readFileSync(path, 'utf8');
        });
    expect(withResources(['namespace.yaml', 'booking-api.yaml'])).not.toThrow();
    expect(withResources(['namespace.yaml', 'bookingapi.yaml'])).toThrow(
      /resource bookingapi\.yaml: ENOENT/,
    );
    expect(
      withResources(['configmap.yaml'], { 'configmap.yaml': 'kind: ConfigMap\ndata: {a: 1' }),
    ).toThrow(/resource configmap\.yaml: infra\/k8s\/configmap\.yaml#0: /);
  });

  it('wires deployments: selectors, probes on declared ports, volumes and claims that exist', () => {
    for (const d of byKind('Deployment')) {
      const labels = d.spec.template.metadata.labels;
      expect(labels).toMatchObject(d.spec.selector.matchLabels);
      const volumes = new Set((d.spec.template.spec.volumes ?? []).map((v: any) => v.name));
      for (const v of d.spec.template.spec.volumes ?? []) {
        if (v.persistentVolumeClaim)
          expect(named('PersistentVolumeClaim', v.persistentVolumeClaim.claimName)).toBeDefined();
      }
      for (const c of d.spec.template.spec.containers) {
        expect(c.image).toBeTruthy();
        expect(c.readinessProbe).toBeDefined();
        expect(c.resources?.requests?.cpu).toBeTruthy();
        const ports = (c.ports ?? []).map((p: any) => p.containerPort);
        for (const probe of [c.readinessProbe, c.livenessProbe].filter(Boolean)) {
          expect(ports).toContain((probe.httpGet ?? probe.tcpSocket).port);
        }
        for (const m of c.volumeMounts ?? []) expect(volumes.has(m.name)).toBe(true);
      }
    }
  });

  it("probes the apps' terminus endpoints: readiness /health/ready, liveness /health/live", () => {
    for (const name of ['booking-api', 'dispatch-worker', 'realtime-gateway']) {
      const [c] = named('Deployment', name)!.spec.template.spec.containers;
      expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(c.livenessProbe.httpGet.path).toBe('/health/live');
    }
  });

  it('points services at pods and ports that exist', () => {
    for (const s of byKind('Service')) {
      const d = byKind('Deployment').find((x) =>
        Object.entries(s.spec.selector).every(([k, v]) => x.spec.template.metadata.labels[k] === v),
      );
      expect(d).toBeDefined();
      const ports = d!.spec.template.spec.containers.flatMap((c: any) =>
        c.ports.map((p: any) => p.containerPort),
      );
      for (const p of s.spec.ports) expect(ports).toContain(p.targetPort);
    }
  });

  it('routes the API, the web apps and socket.io (sticky) through one TLS ingress by cert-manager', () => {
    const [ing] = byKind('Ingress');
    const a = ing.metadata.annotations;
    expect(a['cert-manager.io/cluster-issuer']).toBeTruthy();
    expect(a['nginx.ingress.kubernetes.io/affinity']).toBe('cookie');
    const host = ing.spec.rules[0].host;
    expect(ing.spec.tls).toEqual([{ hosts: [host], secretName: expect.any(String) }]);
    const route = new Map<string, any>(
      ing.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service]),
    );
    expect(route.get('/socket.io')?.name).toBe('realtime-gateway');
    for (const path of ['/v1', '/rider', '/driver', '/console', '/docs'])
      expect(route.get(path)?.name).toBe('booking-api');
    for (const svc of route.values()) {
      const s = named('Service', svc.name);
      expect(s?.spec.ports.map((p: any) => p.port)).toContain(svc.port.number);
    }
  });

  it('autoscales the booking API and the gateway', () => {
    const targets = byKind('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef);
    for (const name of ['booking-api', 'realtime-gateway']) {
      expect(targets).toContainEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name,
      });
      expect(named('Deployment', name)?.spec.replicas).toBeUndefined(); // the HPA decides
    }
  });

  it('runs osrm-backend as a deployment over data its job prepares', () => {
    const osrm = named('Deployment', 'osrm')!;
    expect(osrm.spec.template.spec.containers[0].image).toMatch(
      /^ghcr\.io\/project-osrm\/osrm-backend:/,
    );
    const job = named('Job', 'osrm-data')!;
    const claims = (o: Obj) =>
      o.spec.template.spec.volumes.map((v: any) => v.persistentVolumeClaim?.claimName);
    expect(claims(job)).toContain('osrm-data');
    expect(claims(osrm)).toContain('osrm-data');
    const script = named('ConfigMap', 'osrm-prepare')!.data['prepare.sh'];
    for (const step of [
      'osmium extract',
      'osrm-extract -p /opt/car.lua',
      'osrm-partition',
      'osrm-customize',
    ])
      expect(script).toContain(step);
  });

  it('holds production settings the apps accept, with the browser-facing addresses', () => {
    const cm = named('ConfigMap', 'ridepool-config')!.data as Record<string, string>;
    for (const k of ['PUBLIC_REALTIME_URL', 'PUBLIC_ORIGINS', 'OSRM_URL', 'ROUTER_OSM_FILE'])
      expect(cm[k]).toBeTruthy();
    const host = byKind('Ingress')[0].spec.rules[0].host;
    expect(cm.PUBLIC_REALTIME_URL).toBe(`https://${host}`);
    expect(cm.PUBLIC_ORIGINS).toBe(`https://${host}`);
    const secrets = {
      DATABASE_URL: 'postgres://ridepool:x@postgres:5432/ridepool',
      JWT_SECRET: 'x'.repeat(64),
      METRICS_TOKEN: 'm'.repeat(32),
      SMPP_URL: 'smpp://smsc:2775',
      SMPP_SYSTEM_ID: 'kusel',
      SMPP_PASSWORD: 'secret',
    };
    expect(() => parseConfig({ ...cm, ...secrets })).not.toThrow();
  });

  it('loads no demo data: the seed job is reference data only, the demo fleet an opt-in job', () => {
    const [seed] = load(join(K8S, 'seed-job.yaml'));
    expect(seed.spec.template.spec.containers[0].command).toEqual([
      'node',
      'dist/scripts/seed-kusel.js',
    ]);
    const [demo] = load(join(K8S, 'optional/demo-fleet-job.yaml'));
    expect(demo.spec.template.spec.containers[0].command).toContain('--demo-fleet');
    expect(kustomization.resources.some((r) => r.includes('demo'))).toBe(false);
  });
});

describe('docker/compose.yaml', () => {
  const compose = parseYaml(read('docker/compose.yaml'), { merge: true }) as {
    services: Record<string, any>;
  };
  const s = compose.services;
  const APPS = ['booking-api', 'dispatch-worker', 'realtime-gateway'];

  it('is valid for the Compose Specification schema', () => {
    expect(composeSchemaProblems(compose)).toEqual([]);
  });

  it('catches a broken compose file: an unknown field, a wrong type, a bad depends_on condition', () => {
    const broken = structuredClone(compose);
    broken.services.redis.restartt = 'always';
    broken.services.postgres.ports = [{ target: '5432x' }];
    broken.services.osrm.depends_on['osrm-prepare'].condition = 'service_done';
    const problems = composeSchemaProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        '/services/redis: must NOT have additional properties (restartt)',
        '/services/postgres/ports/0/target: must be integer',
        '/services/osrm/depends_on/osrm-prepare/condition: must be equal to one of the allowed values',
      ]),
    );
  });

  it('has PostgreSQL, Redis, the official osrm-backend with its one-shot preparation, and the apps', () => {
    for (const name of ['postgres', 'redis', 'osm-extract', 'osrm-prepare', 'osrm', ...APPS])
      expect(s[name]).toBeDefined();
    expect(s.osrm.image).toMatch(/^ghcr\.io\/project-osrm\/osrm-backend:/);
    expect(s['osrm-prepare'].image).toBe(s.osrm.image);
    expect(s['osrm-prepare'].depends_on['osm-extract'].condition).toBe(
      'service_completed_successfully',
    );
    expect(s.osrm.depends_on['osrm-prepare'].condition).toBe('service_completed_successfully');
    for (const one of ['osm-extract', 'osrm-prepare']) {
      expect(s[one].command.join(' ')).toContain('/infra/osrm/prepare.sh');
      expect(s[one].restart).toBe('no');
    }
    for (const svc of Object.values(s)) {
      for (const dep of Object.keys(svc.depends_on ?? {})) expect(s[dep]).toBeDefined();
    }
  });

  it('gives the apps health checks, restart policies, the public addresses and the real road data', () => {
    for (const name of [...APPS, 'postgres', 'redis', 'osrm']) {
      expect(s[name].healthcheck?.test).toBeDefined();
      expect(s[name].restart).toBe('unless-stopped');
    }
    for (const name of APPS) {
      expect(s[name].healthcheck.test.join(' ')).toContain('/health/ready');
      const env = s[name].environment;
      expect(env.PUBLIC_REALTIME_URL).toBeTruthy();
      expect(env.PUBLIC_ORIGINS).toBeTruthy();
      expect(env.OSRM_URL).toBe('http://osrm:5000');
      expect(env.ROUTER_OSM_FILE).toBe('/osrm-data/kusel.osm.pbf');
      expect(s[name].volumes).toContain('osrm-data:/osrm-data:ro');
      expect(s[name].depends_on.osrm.condition).toBe('service_healthy');
    }
  });

  it('takes secrets from an env file that is not committed, with a committed example', () => {
    for (const name of APPS) expect(s[name].env_file).toEqual(['.env']);
    expect(existsSync(join(ROOT, 'docker/env.example'))).toBe(true);
    const tracked = execFileSync('git', ['ls-files', 'docker'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(tracked.split('\n')).not.toContain('docker/.env');
    expect(
      execFileSync('git', ['check-ignore', 'docker/.env'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim(),
    ).toBe('docker/.env');
    expect(read('docker/compose.yaml')).not.toMatch(/JWT_SECRET:\s*\S/);
  });

  it('gives the apps settings they accept in production, filled from env.example', () => {
    const example = Object.fromEntries(
      read('docker/env.example')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    const filled: Record<string, string> = {
      ...example,
      POSTGRES_PASSWORD: 'pw',
      JWT_SECRET: 'x'.repeat(64),
      METRICS_TOKEN: 'm'.repeat(32),
      SMPP_URL: 'smpp://smsc:2775',
      SMPP_SYSTEM_ID: 'k',
      SMPP_PASSWORD: 'p',
    };
    const interpolate = (v: string) =>
      String(v).replace(
        /\$\{(\w+)(?::?[-?]([^}]*))?\}/g,
        (_, k: string, d?: string) => filled[k] ?? d ?? '',
      );
    for (const name of APPS) {
      const env = Object.fromEntries(
        Object.entries(s[name].environment).map(([k, v]) => [k, interpolate(v as string)]),
      );
      expect(() => parseConfig({ ...filled, ...env })).not.toThrow();
    }
  });
});
