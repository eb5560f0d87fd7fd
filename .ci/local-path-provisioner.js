#!/usr/bin/env node
/*
 * The real test node's volume provisioner, with the semantics of Rancher's local-path-provisioner,
 * the one kind ships as its default StorageClass "standard" (its image cannot be pulled here, so
 * its behaviour is written here):
 * - a claim of a class whose provisioner is ours, once the scheduler has chosen its node
 *   (WaitForFirstConsumer: annotation volume.kubernetes.io/selected-node), gets a hostPath
 *   PersistentVolume on a new directory <dir>/pvc-<uid>_<namespace>_<claim>, mode 0777 (so any
 *   user the pod runs as can write it; fsGroup is ignored by hostPath, as on kind and minikube),
 *   with node affinity to that node and the class's reclaim policy;
 * - a Released volume of ours whose policy is Delete loses its directory and its object.
 *
 *   node .ci/local-path-provisioner.js KUBECONFIG VOLUME_DIR
 *
 * KUBECONFIG: the test cluster's (server, certificate-authority file and token, as .ci/cluster
 * writes them). It reconciles once a second; a failed request is logged and retried.
 */
'use strict';
const fs = require('fs');
const https = require('https');
const path = require('path');

const PROVISIONER = 'todo-k8s.dev/local-path';
const [kubeconfigPath, volumeDir] = process.argv.slice(2);
if (!kubeconfigPath || !volumeDir) {
  console.error('usage: node .ci/local-path-provisioner.js KUBECONFIG VOLUME_DIR');
  process.exit(2);
}

const kubeconfig = fs.readFileSync(kubeconfigPath, 'utf8');
const field = (name) => {
  const m = new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(kubeconfig);
  if (!m) throw new Error(`${kubeconfigPath}: no ${name}`);
  return m[1];
};
const server = new URL(field('server'));
const agent = new https.Agent({ keepAlive: true, ca: fs.readFileSync(field('certificate-authority')) });
const token = field('token');

const log = (message) => console.log(`${new Date().toISOString()} ${message}`);

/** One API request; resolves with the status and the parsed body. */
function api(method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = https.request({
      agent, method, host: server.hostname, port: server.port, path: urlPath,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}) },
      timeout: 10_000,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch { json = { message: text }; }
        resolve({ status: res.statusCode, json });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${urlPath}: no answer within 10 s`)));
    request.on('error', reject);
    request.end(payload);
  });
}

async function list(urlPath) {
  const r = await api('GET', urlPath);
  if (r.status !== 200) throw new Error(`GET ${urlPath}: HTTP ${r.status} ${r.json.message ?? ''}`);
  return r.json.items;
}

const annotation = (o, key) => o.metadata.annotations?.[key];
const ours = (claim) => (annotation(claim, 'volume.kubernetes.io/storage-provisioner') ?? annotation(claim, 'volume.beta.kubernetes.io/storage-provisioner')) === PROVISIONER;

async function provision(claim, storageClass) {
  const { namespace, name, uid } = claim.metadata;
  const node = annotation(claim, 'volume.kubernetes.io/selected-node');
  if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !node) return; // not yet scheduled
  if ((claim.spec.volumeMode ?? 'Filesystem') !== 'Filesystem') return log(`${namespace}/${name}: volumeMode ${claim.spec.volumeMode} is not supported (Filesystem only)`);
  const pvName = `pvc-${uid}`;
  const dir = path.join(volumeDir, `${pvName}_${namespace}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o777);
  const volume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: claim.spec.accessModes,
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      storageClassName: storageClass.metadata.name,
      volumeMode: 'Filesystem',
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid, resourceVersion: claim.metadata.resourceVersion },
      hostPath: { path: dir, type: 'DirectoryOrCreate' },
      ...(node ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } } : {}),
    },
  };
  const r = await api('POST', '/api/v1/persistentvolumes', volume);
  if (r.status === 201) log(`${namespace}/${name}: provisioned ${pvName} at ${dir}${node ? ` on ${node}` : ''}`);
  else if (r.status !== 409) log(`${namespace}/${name}: creating ${pvName} failed: HTTP ${r.status} ${r.json.message ?? ''}`);
}

async function reclaim(volume) {
  const dir = volume.spec.hostPath?.path;
  // Only a directory this provisioner made, under its own directory, is ever removed.
  if (dir && path.dirname(dir) === path.resolve(volumeDir) && path.basename(dir).startsWith(`${volume.metadata.name}_`)) fs.rmSync(dir, { recursive: true, force: true });
  const r = await api('DELETE', `/api/v1/persistentvolumes/${volume.metadata.name}`);
  if (r.status === 200 || r.status === 202) log(`${volume.metadata.name}: released, deleted with its directory`);
  else if (r.status !== 404) log(`${volume.metadata.name}: deleting failed: HTTP ${r.status} ${r.json.message ?? ''}`);
}

async function reconcile() {
  const [classes, claims, volumes] = await Promise.all([
    list('/apis/storage.k8s.io/v1/storageclasses'),
    list('/api/v1/persistentvolumeclaims'),
    list('/api/v1/persistentvolumes'),
  ]);
  const classByName = new Map(classes.filter((c) => c.provisioner === PROVISIONER).map((c) => [c.metadata.name, c]));
  const claimed = new Set(volumes.map((v) => v.spec.claimRef?.uid).filter(Boolean));
  for (const claim of claims) {
    const storageClass = classByName.get(claim.spec.storageClassName);
    if (!storageClass || !ours(claim) || claim.spec.volumeName || claim.status?.phase !== 'Pending' || claimed.has(claim.metadata.uid)) continue;
    await provision(claim, storageClass);
  }
  for (const volume of volumes) {
    if (annotation(volume, 'pv.kubernetes.io/provisioned-by') !== PROVISIONER) continue;
    if (volume.spec.persistentVolumeReclaimPolicy === 'Delete' && ['Released', 'Failed'].includes(volume.status?.phase)) await reclaim(volume);
  }
}

fs.mkdirSync(volumeDir, { recursive: true });
log(`provisioner ${PROVISIONER}: volumes under ${volumeDir}, API ${server.origin}`);
let lastError = '';
(async function loop() {
  for (;;) {
    try {
      await reconcile();
      lastError = '';
    } catch (err) {
      // Said once per new error, not once a second.
      if (String(err.message) !== lastError) log(`reconcile failed (retrying each second): ${(lastError = String(err.message))}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
})();
