package main

// The contract between this program and its callers (lib/checks/apiserver/ mirrors these types
// in TypeScript). One JSON document on stdin, one on stdout; the exit code is 0 whenever a
// document was written, even when objects were refused.

// Input is what the validator reads from stdin.
type Input struct {
	// Objects in JSON form, any mix of built-in kinds, CustomResourceDefinitions and custom
	// resources (checked against the CustomResourceDefinitions of the same input).
	Objects []rawObject `json:"objects"`

	// DefaultPodSecurity is the Pod Security level of a namespace that is not among Objects.
	// A Namespace in Objects is taken as it is: its pod-security.kubernetes.io labels, or none
	// (privileged, as on the server). Default: none (privileged).
	DefaultPodSecurity *PodSecurityLevel `json:"defaultPodSecurity,omitempty"`

	// Namespace is where a namespaced object without metadata.namespace is created, as kubectl's
	// current namespace. Default: "default".
	Namespace string `json:"namespace,omitempty"`

	// ServiceClusterIPRange is the cluster's --service-cluster-ip-range, which a Service's
	// clusterIP must fall in. Default: 10.96.0.0/12 (minikube's, Docker Desktop's).
	ServiceClusterIPRange string `json:"serviceClusterIPRange,omitempty"`

	// ServiceNodePortRange is the cluster's --service-node-port-range. Default: 30000-32767.
	ServiceNodePortRange string `json:"serviceNodePortRange,omitempty"`

	// Discovery asks for the list of built-in resources this validator serves, as the server's
	// discovery lists them (group, version, kind, resource, scope).
	Discovery bool `json:"discovery,omitempty"`
}

// PodSecurityLevel is a namespace's Pod Security Admission enforce level, as its labels
// pod-security.kubernetes.io/enforce and pod-security.kubernetes.io/enforce-version say.
type PodSecurityLevel struct {
	Enforce string `json:"enforce"`
	Version string `json:"version,omitempty"`
}

// Output is what the validator writes to stdout.
type Output struct {
	// KubernetesVersion is the version of k8s.io/kubernetes the validator was built from.
	KubernetesVersion string `json:"kubernetesVersion"`
	// Error is set when the input itself is unusable (not JSON, no objects array); Results is then empty.
	Error string `json:"error,omitempty"`
	// Results holds one result per input object, in input order.
	Results []Result `json:"results"`
	// Resources lists the served built-in resources, when Input.Discovery asked for them.
	Resources []ServedResource `json:"resources,omitempty"`
}

// Result is the API server's answer to a server-side dry-run create of one object
// (POST ...?dryRun=All&fieldValidation=Strict), as the user kubectl runs with sees it.
type Result struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	// Namespace is where the object would be created ("" when cluster-scoped).
	Namespace string `json:"namespace"`
	// Namespaced comes from the server's own knowledge of the kind (a CRD's scope for custom resources).
	Namespaced bool `json:"namespaced"`
	// Resource is the kind's plural resource name ("" when the kind is not served).
	Resource string `json:"resource"`
	// Code is the HTTP status: 201 when the server would create the object.
	Code int `json:"code"`
	// Reason is the Status reason (Invalid, BadRequest, Forbidden, ...), or NoKindMatch (no such
	// kind at this apiVersion), NoCustomResourceDefinition (a custom kind without its definition in
	// the input) or InternalError; "" when accepted.
	Reason string `json:"reason,omitempty"`
	// Message is exactly the Status message the server returns; "" when accepted.
	Message string `json:"message,omitempty"`
	// Errors are the Status causes: one per field error.
	Errors []Cause `json:"errors,omitempty"`
	// Warnings are the Warning headers of the response, as kubectl prints them.
	Warnings []string `json:"warnings,omitempty"`
	// PodSecurity holds Pod Security admission's verdicts in its own words: a refused Pod's
	// message ("violates PodSecurity ...") or a workload's warning ("would violate PodSecurity ...").
	PodSecurity []string `json:"podSecurity,omitempty"`
}

// Cause is one field error of a refused object (metav1.StatusCause).
type Cause struct {
	// Reason is the field error's type: FieldValueInvalid, FieldValueRequired, FieldValueDuplicate,
	// FieldValueNotSupported, FieldValueForbidden, FieldValueTooLong, FieldValueTypeInvalid, ...
	// A strict decoding error (one BadRequest message, no causes on the server) gives one cause
	// per field it names: FieldValueUnknown or FieldValueDuplicate.
	Reason string `json:"reason"`
	// Field is the path, e.g. spec.template.spec.containers[0].image.
	Field string `json:"field,omitempty"`
	// Message is the server's own words for this error.
	Message string `json:"message"`
}

// ServedResource is one built-in resource the validator serves, as discovery names it.
type ServedResource struct {
	Group      string `json:"group"`
	Version    string `json:"version"`
	Kind       string `json:"kind"`
	Resource   string `json:"resource"`
	Namespaced bool   `json:"namespaced"`
}
