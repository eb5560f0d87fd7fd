/**
 * The Pod Security Standard "restricted" (which includes "baseline") over one pod template,
 * following https://kubernetes.io/docs/concepts/security/pod-security-standards/ and the
 * admission plugin's checks (k8s.io/pod-security-admission/policy). Init and ephemeral
 * containers are checked like the main ones, as the admission plugin does.
 */
import { allContainers } from './pods';
import { CheckViolation } from './violation';

/** What the checker needs of a pod: its owner and where the spec sits, metadata and the spec. */
export interface PodLike {
  /** `Kind/name` of the object. @default 'Pod/?' */
  readonly owner?: string;
  /** Field path of the pod spec in that object. @default 'spec' */
  readonly specPath?: string;
  readonly metadata?: { annotations?: Record<string, string> };
  readonly spec: any;
}

/** "Volume Types" (restricted): every volume source other than these is refused. */
export const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** "Sysctls" (baseline): the namespaced sysctls the kubelet considers safe. */
export const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];

/** "SELinux" (baseline): the only types a pod may ask for. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** The control a violation belongs to, from its rule text (for tests and summaries). */
export function controlOf(v: CheckViolation): string | undefined {
  return /control "([^"]+)"\)$/.exec(v.rule)?.[1];
}

/** Violations of "restricted" (and so "baseline") in one pod; empty when it is admitted. */
export function restrictedViolations(pod: PodLike): CheckViolation[] {
  const out: CheckViolation[] = [];
  const object = pod.owner ?? 'Pod/?';
  const base = pod.specPath ?? 'spec';
  const add = (control: string, path: string, problem: string, fix: string) =>
    out.push({ object, path: path ? `${base}.${path}` : base, rule: `${problem} (Pod Security Standard "restricted", control "${control}")`, fix });
  const spec = pod.spec ?? {};
  const psc = spec.securityContext ?? {};
  const containers = allContainers(spec);

  // --- baseline ---------------------------------------------------------------------------
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field]) add('host namespaces', field, `${field} is ${spec[field]}`, `remove ${field}`);
  }

  // HostProcess and every other Windows-only field: these pods are Linux pods.
  if (spec.os?.name && spec.os.name !== 'linux') add('windows', 'os.name', `os.name is ${spec.os.name}`, 'run Linux pods (os.name: linux or unset)');
  if (psc.windowsOptions !== undefined) add('windows', 'securityContext.windowsOptions', 'windowsOptions is set', 'remove windowsOptions');
  for (const { path, container } of containers) {
    if (container?.securityContext?.windowsOptions !== undefined) add('windows', `${path}.securityContext.windowsOptions`, 'windowsOptions is set', 'remove windowsOptions');
    if (container?.securityContext?.privileged) add('privileged', `${path}.securityContext.privileged`, 'the container is privileged', 'remove privileged: true');
  }

  for (const [i, vol] of (Array.isArray(spec.volumes) ? spec.volumes : []).entries()) {
    const sources = Object.keys(vol ?? {}).filter((k) => k !== 'name');
    if (sources.includes('hostPath')) add('hostPath volumes', `volumes[${i}].hostPath`, `volume "${vol.name}" is a hostPath`, 'use an emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret');
    for (const source of sources.filter((s) => s !== 'hostPath' && !ALLOWED_VOLUME_SOURCES.includes(s))) {
      add('volume types', `volumes[${i}].${source}`, `volume "${vol.name}" uses ${source}`, `use one of ${ALLOWED_VOLUME_SOURCES.join(', ')}`);
    }
  }

  for (const { path, container } of containers) {
    for (const [j, port] of (Array.isArray(container?.ports) ? container.ports : []).entries()) {
      if (port?.hostPort) add('host ports', `${path}.ports[${j}].hostPort`, `hostPort ${port.hostPort} is mapped`, 'remove hostPort; reach the pod through a Service');
    }
  }

  // AppArmor: the field (1.30+) and the older per-container annotation.
  const appArmorOk = (p: any) => p === undefined || APPARMOR_TYPES.includes(p.type);
  if (!appArmorOk(psc.appArmorProfile)) add('appArmor', 'securityContext.appArmorProfile.type', `appArmorProfile.type is ${psc.appArmorProfile.type}`, 'RuntimeDefault or Localhost, or unset');
  for (const { path, container } of containers) {
    const p = container?.securityContext?.appArmorProfile;
    if (!appArmorOk(p)) add('appArmor', `${path}.securityContext.appArmorProfile.type`, `appArmorProfile.type is ${p.type}`, 'RuntimeDefault or Localhost, or unset');
  }
  for (const [key, value] of Object.entries(pod.metadata?.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      out.push({ object, path: `metadata.annotations.${key}`, rule: `AppArmor annotation is ${value} (Pod Security Standard "restricted", control "appArmor")`, fix: 'runtime/default or localhost/<profile>, or remove it' });
    }
  }

  const seLinuxProblems = (o: any) =>
    o === undefined ? [] : [...(SELINUX_TYPES.includes(o.type ?? '') ? [] : [`type ${o.type}`]), ...(o.user ? [`user ${o.user}`] : []), ...(o.role ? [`role ${o.role}`] : [])];
  for (const p of seLinuxProblems(psc.seLinuxOptions)) add('seLinux', 'securityContext.seLinuxOptions', `seLinuxOptions sets ${p}`, 'no SELinux user or role, and a container_* type or none');
  for (const { path, container } of containers) {
    for (const p of seLinuxProblems(container?.securityContext?.seLinuxOptions)) add('seLinux', `${path}.securityContext.seLinuxOptions`, `seLinuxOptions sets ${p}`, 'no SELinux user or role, and a container_* type or none');
    const procMount = container?.securityContext?.procMount;
    if (procMount !== undefined && procMount !== 'Default') add('procMount', `${path}.securityContext.procMount`, `procMount is ${procMount}`, 'procMount: Default, or unset');
  }

  for (const [i, s] of (Array.isArray(psc.sysctls) ? psc.sysctls : []).entries()) {
    if (!SAFE_SYSCTLS.includes(s?.name)) add('sysctls', `securityContext.sysctls[${i}]`, `${s?.name} is not a safe sysctl`, `only ${SAFE_SYSCTLS.join(', ')}`);
  }

  // --- restricted -------------------------------------------------------------------------
  for (const { path, container } of containers) {
    if (container?.securityContext?.allowPrivilegeEscalation !== false) {
      add('privilege escalation', `${path}.securityContext.allowPrivilegeEscalation`, 'allowPrivilegeEscalation is not false', 'set securityContext.allowPrivilegeEscalation: false on the container');
    }
  }

  // runAsNonRoot: true on the pod (not overridden with false), or true on every container.
  if (psc.runAsNonRoot === false) add('runAsNonRoot', 'securityContext.runAsNonRoot', 'runAsNonRoot is false', 'runAsNonRoot: true');
  for (const { path, container } of containers) {
    const own = container?.securityContext?.runAsNonRoot;
    if (own === false) add('runAsNonRoot', `${path}.securityContext.runAsNonRoot`, 'runAsNonRoot is false', 'runAsNonRoot: true');
    else if (own === undefined && psc.runAsNonRoot !== true) {
      add('runAsNonRoot', `${path}.securityContext.runAsNonRoot`, 'runAsNonRoot is set neither on the container nor on the pod', 'runAsNonRoot: true on the pod or the container');
    }
  }

  if (psc.runAsUser === 0) add('runAsUser', 'securityContext.runAsUser', 'runAsUser is 0 (root)', 'a non-zero uid');
  for (const { path, container } of containers) {
    if (container?.securityContext?.runAsUser === 0) add('runAsUser', `${path}.securityContext.runAsUser`, 'runAsUser is 0 (root)', 'a non-zero uid');
  }

  // Seccomp: RuntimeDefault or Localhost on the pod, or on every container; never anything else.
  const podSeccomp = psc.seccompProfile?.type;
  if (podSeccomp !== undefined && !SECCOMP_TYPES.includes(podSeccomp)) add('seccomp', 'securityContext.seccompProfile.type', `seccompProfile.type is ${podSeccomp}`, 'RuntimeDefault or Localhost');
  for (const { path, container } of containers) {
    const own = container?.securityContext?.seccompProfile?.type;
    if (own !== undefined && !SECCOMP_TYPES.includes(own)) add('seccomp', `${path}.securityContext.seccompProfile.type`, `seccompProfile.type is ${own}`, 'RuntimeDefault or Localhost');
    else if (own === undefined && !SECCOMP_TYPES.includes(podSeccomp)) {
      add('seccomp', `${path}.securityContext.seccompProfile`, 'no seccompProfile on the container and none on the pod', 'seccompProfile: { type: RuntimeDefault } on the pod or the container');
    }
  }

  for (const { path, container } of containers) {
    const caps = container?.securityContext?.capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL')) add('capabilities', `${path}.securityContext.capabilities.drop`, 'capabilities do not drop ALL', 'capabilities: { drop: [ALL] }');
    for (const cap of caps.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') add('capabilities', `${path}.securityContext.capabilities.add`, `adds capability ${cap}`, 'add no capability other than NET_BIND_SERVICE');
    }
  }

  return out;
}
