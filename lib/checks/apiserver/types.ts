/**
 * The validator's contract (validator/contract.go): one JSON document in, one out. The Go
 * program answers for each object what the Kubernetes API server answers to a server-side
 * dry-run create with strict field validation.
 */

/** A namespace's Pod Security Admission enforce level (labels `pod-security.kubernetes.io/enforce[-version]`). */
export interface PodSecurityLevel {
  /** `privileged`, `baseline` or `restricted`. */
  readonly enforce: string;
  /**
   * A Kubernetes minor version such as `v1.34`, or `latest`.
   * @default 'latest'
   */
  readonly version?: string;
}

/** What the validator reads. */
export interface ValidatorInput {
  /** Objects in JSON form: built-in kinds, CustomResourceDefinitions and custom resources, in any order. */
  readonly objects: readonly unknown[];
  /**
   * The level of a namespace that is not among the objects (a Namespace among them is taken as it is).
   * @default - none: privileged, as on the server
   */
  readonly defaultPodSecurity?: PodSecurityLevel;
  /**
   * Where a namespaced object without `metadata.namespace` goes, as kubectl's current namespace.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * The cluster's Service IP range.
   * @default '10.96.0.0/12' (minikube's and Docker Desktop's)
   */
  readonly serviceClusterIPRange?: string;
  /**
   * The cluster's NodePort range.
   * @default '30000-32767'
   */
  readonly serviceNodePortRange?: string;
  /**
   * List the built-in resources the validator serves.
   * @default false
   */
  readonly discovery?: boolean;
}

/** One field error of a refused object, as the server's Status causes give it. */
export interface FieldCause {
  /**
   * The field error's type, e.g. `FieldValueInvalid`, `FieldValueRequired`, `FieldValueDuplicate`;
   * for a strict decoding error (one message on the server, no causes), one cause per field it
   * names: `FieldValueUnknown` or `FieldValueDuplicate`.
   */
  readonly reason: string;
  /** The field path, e.g. `spec.template.spec.containers[0].image`; absent for the object as a whole. */
  readonly field?: string;
  /** The server's own words. */
  readonly message: string;
}

/** The server's answer for one object. */
export interface ObjectValidation {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Where it would be created; '' when cluster-scoped. */
  readonly namespace: string;
  /** Whether the kind is namespaced, from the server's own knowledge (a CRD's scope for custom resources). */
  readonly namespaced: boolean;
  /** The kind's plural resource name; '' when the kind is not served. */
  readonly resource: string;
  /** The HTTP status: 201 when the server would create the object. */
  readonly code: number;
  /**
   * The Status reason (`Invalid`, `BadRequest`, `Forbidden`...), or `NoKindMatch` (no such kind at
   * that apiVersion), `NoCustomResourceDefinition` (a custom kind without its definition in the
   * input), `InternalError`.
   * @default - accepted
   */
  readonly reason?: string;
  /**
   * Exactly the Status message the server returns, e.g. `Deployment.apps "web" is invalid: spec.selector: ...`.
   * @default - accepted
   */
  readonly message?: string;
  /** @default [] */
  readonly errors?: readonly FieldCause[];
  /** The response's warnings, as kubectl prints them. @default [] */
  readonly warnings?: readonly string[];
  /**
   * Pod Security admission's verdicts in its own words: a refused Pod's message (`... violates
   * PodSecurity "restricted:latest": ...`) or a workload's warning (`would violate PodSecurity ...`).
   * @default []
   */
  readonly podSecurity?: readonly string[];
}

/** A built-in resource the validator serves, as discovery names it. */
export interface ServedResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
}

/** What the validator writes. */
export interface ValidatorOutput {
  /** The k8s.io/kubernetes version it was built from, e.g. `v1.34.4`. */
  readonly kubernetesVersion: string;
  /** Set when the input itself was unusable. */
  readonly error?: string;
  /** One per input object, in input order. */
  readonly results: readonly ObjectValidation[];
  /** With `discovery: true`. */
  readonly resources?: readonly ServedResource[];
}
