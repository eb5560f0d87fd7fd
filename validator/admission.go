package main

import (
	"context"
	"io"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	genericadmissioninit "k8s.io/apiserver/pkg/admission/initializer"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	corev1listers "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/plugin/pkg/admission/security/podsecurity"
	psaapi "k8s.io/pod-security-admission/api"
)

// Admission: the kube-apiserver's own PodSecurity plugin, as --enable-admission-plugins
// loads it (default configuration: no exemptions, privileged unless a namespace says otherwise).
// It reads namespaces from an informer cache, which the validator fills from the input instead
// of a watch. The other default plugins depend on what the cluster holds (the namespace exists,
// the ServiceAccount exists, quotas, webhooks), which only a real cluster knows.

// noClient is a clientset the validator never calls: the informers built on it are never
// started, their caches are filled directly.
type noClient struct{ kubernetes.Interface }

// noAdmissionConfig gives each plugin its default configuration (no --admission-control-config-file).
type noAdmissionConfig struct{}

func (noAdmissionConfig) ConfigFor(string) (io.Reader, error) { return nil, nil }

// podSecurityAdmission is the admission chain of the built-in resources: PodSecurity alone,
// initialized as the server initializes it (informers, client, feature gates).
func podSecurityAdmission(factory informers.SharedInformerFactory, authz authorizer.Authorizer) (admission.Interface, error) {
	plugins := admission.NewPlugins()
	podsecurity.Register(plugins)
	initializer := genericadmissioninit.New(noClient{}, nil, factory, authz, utilfeature.DefaultFeatureGate, nil, nil)
	return plugins.NewFromPlugins([]string{podsecurity.PluginName}, noAdmissionConfig{}, initializer, nil)
}

// namespacesFor is the namespaces cache PodSecurity reads, from the same informer factory.
func namespacesFor(factory informers.SharedInformerFactory) cache.Indexer {
	return factory.Core().V1().Namespaces().Informer().GetIndexer()
}

// podSecurityLabels are the labels a namespace at that level carries.
func podSecurityLabels(level *PodSecurityLevel) map[string]string {
	if level == nil || level.Enforce == "" {
		return nil
	}
	labels := map[string]string{psaapi.EnforceLevelLabel: level.Enforce}
	if level.Version != "" {
		labels[psaapi.EnforceVersionLabel] = level.Version
	}
	return labels
}

// namespaceClient answers Get from the namespaces cache: resource.k8s.io's claim strategies ask
// it whether a namespace allows admin access.
type namespaceClient struct {
	corev1client.NamespaceInterface
	lister corev1listers.NamespaceLister
}

func (c namespaceClient) Get(_ context.Context, name string, _ metav1.GetOptions) (*corev1.Namespace, error) {
	return c.lister.Get(name)
}
