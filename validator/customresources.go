package main

import (
	"encoding/json"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	apiextensionshelpers "k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// establish serves the custom resources of a CustomResourceDefinition the server accepted
// (createdBody is the object its create returned: defaulted, with a uid), as the apiextensions
// server's controllers would once it is stored: the naming controller accepts its names (none
// clash: the validator holds no other definition of the same names) and the establishing
// controller marks it Established.
func (s *apiServer) establish(createdBody []byte) error {
	crd := &apiextensionsv1.CustomResourceDefinition{}
	if err := json.Unmarshal(createdBody, crd); err != nil {
		return err
	}
	if _, exists, _ := s.crds.GetByKey(crd.Name); exists {
		// A second definition of the same name: a real create would clash with the first.
		return nil
	}
	crd.Status.AcceptedNames = crd.Spec.Names
	// Long established: the custom resource handler waits 2 s after a fresh Established.
	established := metav1.NewTime(time.Unix(0, 0))
	for _, c := range []apiextensionsv1.CustomResourceDefinitionConditionType{apiextensionsv1.NamesAccepted, apiextensionsv1.Established} {
		apiextensionshelpers.SetCRDCondition(crd, apiextensionsv1.CustomResourceDefinitionCondition{Type: c, Status: apiextensionsv1.ConditionTrue, Reason: "InitialNamesAccepted", LastTransitionTime: established})
		apiextensionshelpers.FindCRDCondition(crd, c).LastTransitionTime = established
	}
	for _, v := range crd.Spec.Versions {
		if v.Storage {
			crd.Status.StoredVersions = []string{v.Name}
		}
	}
	return s.crds.Add(crd)
}

// definitionOf is the established CustomResourceDefinition of a group and kind, if any.
func (s *apiServer) definitionOf(gk schema.GroupKind) *apiextensionsv1.CustomResourceDefinition {
	for _, o := range s.crds.List() {
		crd := o.(*apiextensionsv1.CustomResourceDefinition)
		if crd.Spec.Group == gk.Group && crd.Spec.Names.Kind == gk.Kind {
			return crd
		}
	}
	return nil
}

// servedVersions are the versions of a definition that are served.
func servedVersions(crd *apiextensionsv1.CustomResourceDefinition) []string {
	var served []string
	for _, v := range crd.Spec.Versions {
		if v.Served {
			served = append(served, v.Name)
		}
	}
	return served
}
