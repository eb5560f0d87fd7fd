// Command validator answers, offline, what the Kubernetes API server would answer to a
// server-side dry-run create of each object (kubectl create --dry-run=server --validate=strict):
// the server's own request handling, built from k8s.io/kubernetes at the test cluster's version
// and run as a WASI command (GOOS=wasip1) inside Node.
//
// Contract: one JSON document on stdin (Input, contract.go), one on stdout (Output); exit code 0
// whenever a document was written, whatever the verdicts. For each object, in input order:
//   - built-in kinds: strict decoding, defaulting, conversion, the registry's create-time
//     preparation and validation (the kind's strategy, through the real REST storage), object
//     metadata, Service IP and NodePort allocation, and PodSecurity admission at the namespace's
//     level (a Namespace of the input, else Input.DefaultPodSecurity);
//   - CustomResourceDefinitions: validated as the server validates them, then served;
//   - custom resources: against their definition in the same input, through the apiextensions
//     server's handler (structural schema, pruning of unknown fields, defaults, formats, RE2
//     patterns, enums, CEL rules, metadata).
//
// What only a running cluster knows is not checked: name clashes with stored objects, quotas,
// whether a namespace or ServiceAccount exists, webhooks, and which IPs and ports are taken.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"k8s.io/component-base/version"
	"k8s.io/klog/v2"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	// Time zones of CronJobs (spec.timeZone) are looked up in the binary, as kube-apiserver does.
	_ "time/tzdata"
)

type rawObject = json.RawMessage

// main runs the command: stdin to stdout, once (reactor.go is how lib/checks/apiserver runs it).
func main() {
	quietLogs()
	in, err := io.ReadAll(os.Stdin)
	var out Output
	if err != nil {
		out = Output{KubernetesVersion: version.Get().GitVersion, Error: fmt.Sprintf("reading stdin: %v", err), Results: []Result{}}
	} else {
		out = validateAll(in)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(os.Stderr, "validator: writing stdout: %v\n", err)
		os.Exit(1)
	}
}

// quietLogs silences klog: the server logs what it would log, and the caller reads stdout only.
func quietLogs() {
	flags := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(flags)
	_ = flags.Set("logtostderr", "false")
	_ = flags.Set("alsologtostderr", "false")
	_ = flags.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
}

func validateAll(in []byte) Output {
	out := Output{KubernetesVersion: version.Get().GitVersion, Results: []Result{}}
	var input Input
	if err := json.Unmarshal(in, &input); err != nil {
		out.Error = fmt.Sprintf(`the input is not a JSON document {"objects": [...]}: %v`, err)
		return out
	}
	ranges, err := parseServiceRanges(input)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	s := prepared
	if s == nil {
		if s, err = newAPIServer(ranges); err != nil {
			out.Error = fmt.Sprintf("starting the validator: %v", err)
			return out
		}
		trace("server ready")
	} else if s.ranges.String() != ranges.String() {
		if err := s.allocators.use(ranges); err != nil {
			out.Error = fmt.Sprintf("Service ranges: %v", err)
			return out
		}
		s.ranges = ranges
	}
	s.defaultLabels = podSecurityLabels(input.DefaultPodSecurity)
	if input.Discovery {
		out.Resources = s.resources
	}
	defaultNamespace := input.Namespace
	if defaultNamespace == "" {
		defaultNamespace = "default"
	}
	out.Results = validateObjects(s, input, defaultNamespace)
	trace(fmt.Sprintf("%d objects", len(out.Results)))
	return out
}

// validateObjects answers for each object of the input, in order.
func validateObjects(s *apiServer, input Input, defaultNamespace string) []Result {

	heads := make([]head, len(input.Objects))
	for i, raw := range input.Objects {
		heads[i] = readHead(raw)
	}
	// The namespaces PodSecurity admission reads: the input's own Namespaces as they are...
	for i, h := range heads {
		if h.is("", "Namespace") && h.name != "" {
			_ = s.namespaces.Add(namespaceOf(input.Objects[i], h.name))
		}
	}
	results := make([]Result, len(input.Objects))
	done := make([]bool, len(input.Objects))
	// ...then the definitions, so that custom resources anywhere in the input are served...
	for i, h := range heads {
		if h.is(apiextensionsv1.GroupName, "CustomResourceDefinition") {
			var created []byte
			results[i], created = s.validate(input.Objects[i], h, defaultNamespace)
			if created != nil {
				if err := s.establish(created); err != nil {
					results[i].Warnings = append(results[i].Warnings, fmt.Sprintf("validator: its custom resources cannot be served: %v", err))
				}
			}
			done[i] = true
		}
	}
	// ...then everything else, in namespaces at the default level unless the input has them.
	for i, h := range heads {
		if !done[i] {
			results[i], _ = s.validate(input.Objects[i], h, defaultNamespace)
		}
	}
	return results
}

// trace writes the wall clock to stderr at each step when VALIDATOR_TRACE is set, for the
// start-up measurements in docs/validator.md.
func trace(step string) {
	if os.Getenv("VALIDATOR_TRACE") != "" {
		fmt.Fprintf(os.Stderr, "validator-trace %d %s\n", time.Now().UnixMicro(), step)
	}
}

// validate answers for one object; a panic in the server's code is that object's answer, not
// the end of the run.
func (s *apiServer) validate(raw []byte, h head, defaultNamespace string) (result Result, created []byte) {
	t := s.route(h, defaultNamespace)
	if t.path == "" {
		return t.result, nil
	}
	defer func() {
		if p := recover(); p != nil {
			result = t.result
			result.Code, result.Reason = http.StatusInternalServerError, "InternalError"
			result.Message = fmt.Sprintf("the validator failed on this object: %v\n%s", p, debug.Stack())
			created = nil
		}
	}()
	if t.result.Namespaced {
		if _, exists, _ := s.namespaces.GetByKey(t.result.Namespace); !exists {
			ns := namespaceOf(nil, t.result.Namespace)
			ns.Labels = s.defaultLabels
			_ = s.namespaces.Add(ns)
		}
	}
	return s.create(t, raw)
}
