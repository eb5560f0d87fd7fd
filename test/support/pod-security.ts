/**
 * The Pod Security Standard "restricted" (which includes "baseline") as a pure function over a
 * pod template, following https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * and the admission plugin's checks (k8s.io/pod-security-admission/policy). Each violation is a
 * string that starts with the control's name, so tests can assert which control fired.
 */
import { allContainers } from './pods';

/** What the checker needs of a pod: template metadata (for annotations) and the pod spec. */
export interface PodLike {
  readonly metadata?: { annotations?: Record<string, string> };
  readonly spec: any;
}

/** "Volume Types" (restricted): every volume source other than these is refused. */
export const ALLOWED_VOLUME_SOURCES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/** "Sysctls" (baseline): the namespaced sysctls the kubelet considers safe. */
export const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];

/** "SELinux" (baseline): the only types a pod may ask for. */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** Violations of "restricted" (and so "baseline") in one pod; empty when it is admitted. */
export function restrictedViolations(pod: PodLike): string[] {
  const v: string[] = [];
  const spec = pod.spec ?? {};
  const psc = spec.securityContext ?? {};
  const containers = allContainers(spec);

  // --- baseline ---------------------------------------------------------------------------
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field]) v.push(`host namespaces: spec.${field} is ${spec[field]}`);
  }

  // HostProcess and every other Windows-only field: these pods are Linux pods.
  if (spec.os?.name && spec.os.name !== 'linux') v.push(`windows: spec.os.name is ${spec.os.name}`);
  if (psc.windowsOptions !== undefined) v.push('windows: spec.securityContext.windowsOptions is set');
  for (const { where, container } of containers) {
    if (container.securityContext?.windowsOptions !== undefined) v.push(`windows: ${where} securityContext.windowsOptions is set`);
  }

  for (const { where, container } of containers) {
    if (container.securityContext?.privileged) v.push(`privileged: ${where} is privileged`);
  }

  for (const vol of spec.volumes ?? []) {
    const sources = Object.keys(vol).filter((k) => k !== 'name');
    if (sources.includes('hostPath')) v.push(`hostPath volumes: volume "${vol.name}" is a hostPath`);
    for (const source of sources.filter((s) => s !== 'hostPath' && !ALLOWED_VOLUME_SOURCES.includes(s))) {
      v.push(`volume types: volume "${vol.name}" uses ${source}`);
    }
  }

  for (const { where, container } of containers) {
    for (const port of container.ports ?? []) {
      if (port.hostPort) v.push(`host ports: ${where} maps hostPort ${port.hostPort}`);
    }
  }

  // AppArmor: the field (1.30+) and the older per-container annotation.
  const appArmorOk = (p: any) => p === undefined || APPARMOR_TYPES.includes(p.type);
  if (!appArmorOk(psc.appArmorProfile)) v.push(`appArmor: spec.securityContext.appArmorProfile.type is ${psc.appArmorProfile.type}`);
  for (const { where, container } of containers) {
    const p = container.securityContext?.appArmorProfile;
    if (!appArmorOk(p)) v.push(`appArmor: ${where} appArmorProfile.type is ${p.type}`);
  }
  for (const [key, value] of Object.entries(pod.metadata?.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      v.push(`appArmor: annotation ${key} is ${value}`);
    }
  }

  const seLinuxProblems = (o: any) =>
    o === undefined
      ? []
      : [
          ...(SELINUX_TYPES.includes(o.type ?? '') ? [] : [`type ${o.type}`]),
          ...(o.user ? [`user ${o.user}`] : []),
          ...(o.role ? [`role ${o.role}`] : []),
        ];
  for (const p of seLinuxProblems(psc.seLinuxOptions)) v.push(`seLinux: spec.securityContext.seLinuxOptions sets ${p}`);
  for (const { where, container } of containers) {
    for (const p of seLinuxProblems(container.securityContext?.seLinuxOptions)) v.push(`seLinux: ${where} seLinuxOptions sets ${p}`);
  }

  for (const { where, container } of containers) {
    const procMount = container.securityContext?.procMount;
    if (procMount !== undefined && procMount !== 'Default') v.push(`procMount: ${where} procMount is ${procMount}`);
  }

  for (const s of psc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.includes(s.name)) v.push(`sysctls: ${s.name} is not a safe sysctl`);
  }

  // --- restricted -------------------------------------------------------------------------
  for (const { where, container } of containers) {
    if (container.securityContext?.allowPrivilegeEscalation !== false) {
      v.push(`privilege escalation: ${where} does not set allowPrivilegeEscalation: false`);
    }
  }

  // runAsNonRoot: true on the pod (not overridden with false), or true on every container.
  if (psc.runAsNonRoot === false) v.push('runAsNonRoot: spec.securityContext.runAsNonRoot is false');
  for (const { where, container } of containers) {
    const own = container.securityContext?.runAsNonRoot;
    if (own === false) v.push(`runAsNonRoot: ${where} sets runAsNonRoot: false`);
    else if (own === undefined && psc.runAsNonRoot !== true) v.push(`runAsNonRoot: ${where} has runAsNonRoot neither on itself nor on the pod`);
  }

  if (psc.runAsUser === 0) v.push('runAsUser: spec.securityContext.runAsUser is 0');
  for (const { where, container } of containers) {
    if (container.securityContext?.runAsUser === 0) v.push(`runAsUser: ${where} runAsUser is 0`);
  }

  // Seccomp: RuntimeDefault or Localhost on the pod, or on every container; never anything else.
  const podSeccomp = psc.seccompProfile?.type;
  if (podSeccomp !== undefined && !SECCOMP_TYPES.includes(podSeccomp)) v.push(`seccomp: spec.securityContext.seccompProfile.type is ${podSeccomp}`);
  for (const { where, container } of containers) {
    const own = container.securityContext?.seccompProfile?.type;
    if (own !== undefined && !SECCOMP_TYPES.includes(own)) v.push(`seccomp: ${where} seccompProfile.type is ${own}`);
    else if (own === undefined && !SECCOMP_TYPES.includes(podSeccomp)) v.push(`seccomp: ${where} has no seccompProfile and the pod sets none`);
  }

  for (const { where, container } of containers) {
    const caps = container.securityContext?.capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL')) v.push(`capabilities: ${where} does not drop ALL`);
    for (const cap of caps.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') v.push(`capabilities: ${where} adds ${cap}`);
    }
  }

  return v;
}
