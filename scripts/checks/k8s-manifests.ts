// Checks for the Kubernetes manifests in infra/k8s without a cluster (issue 12): a kustomize
// build as far as infra/k8s uses kustomize, each object validated against the Kubernetes OpenAPI
// schemas (npm `kubernetes-models`), and fields unknown to the Kubernetes API found through the
// TypeScript types the same package carries (its compiled schemas allow extra fields, as the
// API server's lenient decoding does; `kubectl apply --validate=strict` and kubeconform -strict
// refuse them).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '..', '..');

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are untyped YAML */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: any };
  [k: string]: any;
};

/** One object of a manifest file: `file` relative to the repository, `index` its YAML document. */
export interface Manifest {
  file: string;
  index: number;
  object: K8sObject;
}

export const refOf = (m: Manifest): string =>
  `${m.file}#${m.index} ${m.object?.kind}/${m.object?.metadata?.name}`;

export type ReadFile = (path: string) => string;
const readDisk: ReadFile = (path) => readFileSync(path, 'utf8');

/** Every object of one YAML file; throws naming the file when a document does not parse. */
export function loadManifests(path: string, read: ReadFile = readDisk): Manifest[] {
  const file = relative(ROOT, path);
  return parseAllDocuments(read(path)).flatMap((doc, index) => {
    if (doc.errors.length) throw new Error(`${file}#${index}: ${doc.errors[0].message}`);
    const object = doc.toJS() as K8sObject | null;
    return object ? [{ file, index, object }] : [];
  });
}

/** Kinds kustomize leaves without a namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ClusterIssuer']);
/** The kustomization fields emulated here; any other field fails the build instead of being ignored. */
const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images']);

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

/**
 * `kustomize build dir`, for what infra/k8s uses: `resources` (files, or folders with their own
 * kustomization.yaml), `namespace` and `images`. Throws naming every listed file that is missing
 * or does not parse, an unsupported field, and an image override that matches no container.
 */
export function kustomizeBuild(dir: string, read: ReadFile = readDisk): Manifest[] {
  const path = join(dir, 'kustomization.yaml');
  const k = parseYaml(read(path)) as Kustomization;
  const problems: string[] = [];
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization')
    problems.push(`${relative(ROOT, path)}: not a kustomize.config.k8s.io/v1beta1 Kustomization`);
  for (const field of Object.keys(k))
    if (!KUSTOMIZATION_FIELDS.has(field))
      problems.push(`${relative(ROOT, path)}: field ${field} is not supported by this check`);
  const built: Manifest[] = [];
  for (const resource of k.resources ?? []) {
    const target = join(dir, resource);
    try {
      built.push(
        ...(resource.endsWith('.yaml') || resource.endsWith('.yml')
          ? loadManifests(target, read)
          : kustomizeBuild(target, read)),
      );
    } catch (e) {
      problems.push(`resource ${resource}: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  for (const m of built) {
    if (k.namespace && !CLUSTER_SCOPED.has(m.object.kind))
      m.object.metadata.namespace = k.namespace;
  }
  for (const image of k.images ?? []) {
    let used = false;
    for (const c of built.flatMap(containersOf)) {
      const [name, tag] = splitImage(c.image);
      if (name !== image.name) continue;
      used = true;
      c.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
    }
    if (!used) problems.push(`images: ${image.name} is the image of no container`);
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return built;
}

function containersOf(m: Manifest): { image: string }[] {
  const pod = m.object.spec?.template?.spec ?? m.object.spec?.jobTemplate?.spec?.template?.spec;
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/')
    ? [image.slice(0, at), image.slice(at + 1)]
    : [image, undefined];
}

/**
 * Each object against the OpenAPI schema of its apiVersion and kind (types, required fields,
 * formats). kubernetes-models is ESM-only with `import`-only exports, so a Node process of its
 * own (`k8s-schema-check.mjs`) loads it rather than jest. One problem per invalid object.
 */
export function schemaProblems(manifests: Manifest[]): string[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'k8s-schema-check.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(manifests.map((m) => ({ ref: refOf(m), object: m.object }))),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { ref: string; message: string }[]).map(
    (p) => `${p.ref}: ${p.message}`,
  );
}

/**
 * Fields the Kubernetes API does not know, and values of the wrong type, as TypeScript finds
 * them: each object becomes an object literal typed with kubernetes-models' interface for its
 * kind, whose excess-property check names every unknown field at any depth.
 */
export function unknownFieldProblems(manifests: Manifest[]): string[] {
  const fileName = join(ROOT, 'infra', '__manifests__.ts');
  const starts: number[] = [];
  let text = '';
  manifests.forEach((m, i) => {
    const [group, version] = m.object.apiVersion.includes('/')
      ? m.object.apiVersion.split('/')
      : ['', m.object.apiVersion];
    const module = ['kubernetes-models', group, version, m.object.kind].filter(Boolean).join('/');
    starts.push(text.length);
    text += `import type { I${m.object.kind} as T${i} } from '${module}';\n`;
    text += `export const o${i}: T${i} = ${JSON.stringify(m.object, null, 1)};\n`;
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (f, ...rest) =>
    f === fileName
      ? ts.createSourceFile(f, text, ts.ScriptTarget.ES2022, true)
      : getSourceFile.call(host, f, ...rest);
  host.fileExists = (f) => f === fileName || fileExists.call(host, f);
  host.readFile = (f) => (f === fileName ? text : readFile.call(host, f));
  const program = ts.createProgram([fileName], options, host);
  const source = program.getSourceFile(fileName)!;
  return ts
    .getPreEmitDiagnostics(program, source)
    .filter((d) => d.start !== undefined)
    .map((d) => {
      let i = starts.length - 1;
      while (starts[i] > d.start!) i--;
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      return `${refOf(manifests[i])}: ${pathAt(source, d.start!)}: ${message}`;
    });
}

/** The property path (`spec.template.spec.containers[0].ports[0]`) of the node at `pos`. */
function pathAt(source: ts.SourceFile, pos: number): string {
  let node: ts.Node = source;
  for (;;) {
    const child = node.getChildren(source).find((c) => c.getStart(source) <= pos && pos < c.end);
    if (!child) break;
    node = child;
  }
  const parts: string[] = [];
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const parent = n.parent;
    if (ts.isPropertyAssignment(n) && ts.isStringLiteral(n.name)) parts.unshift(n.name.text);
    else if (parent && ts.isArrayLiteralExpression(parent)) {
      const at = parent.elements.indexOf(n as ts.Expression);
      if (at >= 0) parts.unshift(`[${at}]`);
    }
  }
  return parts.join('.').replace(/\.\[/g, '[') || '(object)';
}
