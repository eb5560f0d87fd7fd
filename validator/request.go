package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
)

// head is what routing needs from an object, read leniently: whatever else is malformed, the
// server's own decoding reports.
type head struct {
	object                        bool
	apiVersion, kind              string
	name, generateName, namespace string
}

func readHead(raw []byte) head {
	var fields map[string]json.RawMessage
	if trimmed := bytes.TrimSpace(raw); len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(raw, &fields) != nil {
		return head{}
	}
	h := head{object: true}
	_ = json.Unmarshal(fields["apiVersion"], &h.apiVersion)
	_ = json.Unmarshal(fields["kind"], &h.kind)
	var metadata map[string]json.RawMessage
	if json.Unmarshal(fields["metadata"], &metadata) == nil {
		_ = json.Unmarshal(metadata["name"], &h.name)
		_ = json.Unmarshal(metadata["generateName"], &h.generateName)
		_ = json.Unmarshal(metadata["namespace"], &h.namespace)
	}
	return h
}

func (h head) is(group, kind string) bool {
	gv, err := schema.ParseGroupVersion(h.apiVersion)
	return err == nil && gv.Group == group && h.kind == kind
}

// target is where an object is sent, or the answer when it cannot be sent at all.
type target struct {
	result Result
	path   string
}

// route finds the object's resource as kubectl's REST mapping would (the served built-in kinds,
// then the established custom resource definitions), and its namespace (the object's, else
// defaultNamespace).
func (s *apiServer) route(h head, defaultNamespace string) target {
	r := Result{APIVersion: h.apiVersion, Kind: h.kind, Name: h.name}
	refuse := func(code int, reason, message string, field string) target {
		r.Code = code
		r.Reason, r.Message = reason, message
		r.Errors = []Cause{{Reason: reason, Field: field, Message: message}}
		return target{result: r}
	}
	if !h.object {
		r.Code = http.StatusBadRequest
		r.Reason, r.Message = "BadRequest", "the object is not a JSON object"
		return target{result: r}
	}
	if h.apiVersion == "" || h.kind == "" {
		var missing []string
		if h.apiVersion == "" {
			missing = append(missing, "apiVersion not set")
		}
		if h.kind == "" {
			missing = append(missing, "kind not set")
		}
		// kubectl's own words (its client-side check), before any request is made.
		return refuse(http.StatusBadRequest, "BadRequest", "error validating data: ["+strings.Join(missing, ", ")+"]", "")
	}
	gv, err := schema.ParseGroupVersion(h.apiVersion)
	if err != nil {
		return refuse(http.StatusBadRequest, "BadRequest", fmt.Sprintf("apiVersion %q: %v", h.apiVersion, err), "apiVersion")
	}
	gvk := gv.WithKind(h.kind)
	noMatch := fmt.Sprintf("no matches for kind %q in version %q", h.kind, h.apiVersion)

	var resource string
	var namespaced bool
	if kind, ok := s.kinds[gvk]; ok {
		resource, namespaced = kind.resource, kind.namespaced
	} else if crd := s.definitionOf(gvk.GroupKind()); crd != nil {
		served := servedVersions(crd)
		if !contains(served, gv.Version) {
			return refuse(http.StatusNotFound, "NoKindMatch", fmt.Sprintf("%s (the CustomResourceDefinition %s serves %s)", noMatch, crd.Name, strings.Join(served, ", ")), "apiVersion")
		}
		resource, namespaced = crd.Status.AcceptedNames.Plural, crd.Spec.Scope == "Namespaced"
	} else if s.groups.Has(gv.Group) || !strings.Contains(gv.Group, ".") {
		// A built-in group (or a group name no definition can have: they contain a dot).
		return refuse(http.StatusNotFound, "NoKindMatch", noMatch, "kind")
	} else {
		return refuse(http.StatusNotFound, "NoCustomResourceDefinition", fmt.Sprintf("%s: no CustomResourceDefinition of %s.%s is in the input", noMatch, h.kind, gv.Group), "kind")
	}

	r.Resource, r.Namespaced = resource, namespaced
	path := "/apis/" + gv.Group + "/" + gv.Version
	if gv.Group == "" {
		path = "/api/" + gv.Version
	}
	if namespaced {
		r.Namespace = h.namespace
		if r.Namespace == "" {
			r.Namespace = defaultNamespace
		}
		path += "/namespaces/" + url.PathEscape(r.Namespace)
	}
	return target{result: r, path: path + "/" + resource}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// create sends the object as `kubectl create --dry-run=server --validate=strict` does, and
// returns the result and the response body (the object the server would store, when accepted).
func (s *apiServer) create(t target, body []byte) (Result, []byte) {
	r := t.result
	req := httptest.NewRequest(http.MethodPost, t.path+"?dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	// The created object itself is needed for a definition (to serve it); of anything else, its
	// metadata (a generated name): the server encodes no more than that.
	if t.result.Kind == "CustomResourceDefinition" {
		req.Header.Set("Accept", "application/json")
	} else {
		req.Header.Set("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json")
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)

	r.Code = rec.Code
	warnings, _ := utilnet.ParseWarningHeaders(rec.Header().Values("Warning"))
	for _, w := range warnings {
		r.Warnings = append(r.Warnings, w.Text)
		if strings.HasPrefix(w.Text, "would violate PodSecurity") {
			r.PodSecurity = append(r.PodSecurity, w.Text)
		}
	}
	if rec.Code >= 200 && rec.Code < 300 {
		var created struct {
			Metadata struct{ Name, Namespace string } `json:"metadata"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &created) == nil && created.Metadata.Name != "" {
			r.Name = created.Metadata.Name
		}
		return r, rec.Body.Bytes()
	}
	var status metav1.Status
	if err := json.Unmarshal(rec.Body.Bytes(), &status); err != nil || status.Kind != "Status" {
		r.Reason, r.Message = http.StatusText(rec.Code), strings.TrimSpace(rec.Body.String())
		return r, nil
	}
	r.Reason, r.Message = string(status.Reason), status.Message
	if status.Details != nil {
		for _, c := range status.Details.Causes {
			r.Errors = append(r.Errors, Cause{Reason: string(c.Type), Field: c.Field, Message: c.Message})
		}
	}
	// Strict decoding errors come as one BadRequest message without causes; each field it names
	// becomes one, so that every refusal has its field paths.
	if status.Reason == metav1.StatusReasonBadRequest {
		for _, m := range strictFieldError.FindAllStringSubmatch(status.Message, -1) {
			reason := "FieldValueUnknown"
			if m[1] == "duplicate" {
				reason = string(metav1.CauseTypeFieldValueDuplicate)
			}
			r.Errors = append(r.Errors, Cause{Reason: reason, Field: m[2], Message: m[0]})
		}
	}
	if status.Reason == metav1.StatusReasonForbidden && strings.Contains(status.Message, "violates PodSecurity") {
		r.PodSecurity = append(r.PodSecurity, status.Message)
	}
	return r, nil
}

// strictFieldError is one field of a strict decoding error: `unknown field "spec.x"` or
// `duplicate field "spec.x"` (k8s.io/apimachinery/pkg/runtime/serializer/json's wording).
var strictFieldError = regexp.MustCompile(`(unknown|duplicate) field "((?:[^"\\]|\\.)*)"`)

// namespaceOf is a Namespace object of the input as PodSecurity admission sees it (its labels).
func namespaceOf(raw []byte, name string) *corev1.Namespace {
	ns := &corev1.Namespace{}
	_ = json.Unmarshal(raw, ns)
	ns.Name = name
	return ns
}
