package main

import (
	"context"
	"fmt"
	"net"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	certificatesv1 "k8s.io/api/certificates/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	eventsv1 "k8s.io/api/events/v1"
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	networkingv1 "k8s.io/api/networking/v1"
	nodev1 "k8s.io/api/node/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	resourcev1 "k8s.io/api/resource/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/informers"
	networkinginformers "k8s.io/client-go/informers/networking/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	networkinglisters "k8s.io/client-go/listers/networking/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	api "k8s.io/kubernetes/pkg/apis/core"
	kubeletclient "k8s.io/kubernetes/pkg/kubelet/client"
	admissionregistrationrest "k8s.io/kubernetes/pkg/registry/admissionregistration/rest"
	appsrest "k8s.io/kubernetes/pkg/registry/apps/rest"
	autoscalingrest "k8s.io/kubernetes/pkg/registry/autoscaling/rest"
	batchrest "k8s.io/kubernetes/pkg/registry/batch/rest"
	certificatesrest "k8s.io/kubernetes/pkg/registry/certificates/rest"
	coordinationrest "k8s.io/kubernetes/pkg/registry/coordination/rest"
	configmapstore "k8s.io/kubernetes/pkg/registry/core/configmap/storage"
	endpointsstore "k8s.io/kubernetes/pkg/registry/core/endpoint/storage"
	eventstore "k8s.io/kubernetes/pkg/registry/core/event/storage"
	limitrangestore "k8s.io/kubernetes/pkg/registry/core/limitrange/storage"
	namespacestore "k8s.io/kubernetes/pkg/registry/core/namespace/storage"
	nodestore "k8s.io/kubernetes/pkg/registry/core/node/storage"
	pvstore "k8s.io/kubernetes/pkg/registry/core/persistentvolume/storage"
	pvcstore "k8s.io/kubernetes/pkg/registry/core/persistentvolumeclaim/storage"
	podstore "k8s.io/kubernetes/pkg/registry/core/pod/storage"
	podtemplatestore "k8s.io/kubernetes/pkg/registry/core/podtemplate/storage"
	controllerstore "k8s.io/kubernetes/pkg/registry/core/replicationcontroller/storage"
	resourcequotastore "k8s.io/kubernetes/pkg/registry/core/resourcequota/storage"
	secretstore "k8s.io/kubernetes/pkg/registry/core/secret/storage"
	"k8s.io/kubernetes/pkg/registry/core/service/ipallocator"
	"k8s.io/kubernetes/pkg/registry/core/service/portallocator"
	servicestore "k8s.io/kubernetes/pkg/registry/core/service/storage"
	serviceaccountstore "k8s.io/kubernetes/pkg/registry/core/serviceaccount/storage"
	discoveryrest "k8s.io/kubernetes/pkg/registry/discovery/rest"
	eventsrest "k8s.io/kubernetes/pkg/registry/events/rest"
	flowcontrolrest "k8s.io/kubernetes/pkg/registry/flowcontrol/rest"
	networkingrest "k8s.io/kubernetes/pkg/registry/networking/rest"
	noderest "k8s.io/kubernetes/pkg/registry/node/rest"
	policyrest "k8s.io/kubernetes/pkg/registry/policy/rest"
	rbacrest "k8s.io/kubernetes/pkg/registry/rbac/rest"
	resourcerest "k8s.io/kubernetes/pkg/registry/resource/rest"
	schedulingrest "k8s.io/kubernetes/pkg/registry/scheduling/rest"
	storagerest "k8s.io/kubernetes/pkg/registry/storage/rest"

	// The API groups the API server supports (as pkg/controlplane/import_known_versions.go).
	_ "k8s.io/kubernetes/pkg/apis/admission/install"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/apiserverinternal/install"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/authentication/install"
	_ "k8s.io/kubernetes/pkg/apis/authorization/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/certificates/install"
	_ "k8s.io/kubernetes/pkg/apis/coordination/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/discovery/install"
	_ "k8s.io/kubernetes/pkg/apis/events/install"
	_ "k8s.io/kubernetes/pkg/apis/extensions/install"
	_ "k8s.io/kubernetes/pkg/apis/flowcontrol/install"
	_ "k8s.io/kubernetes/pkg/apis/imagepolicy/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/resource/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"
	_ "k8s.io/kubernetes/pkg/apis/storagemigration/install"
)

// servedByDefault is stableAPIGroupVersionsEnabledByDefault of pkg/controlplane/instance.go
// (importing that package would link the whole kube-apiserver for one list): every beta and
// alpha version is disabled by default, so these are what a cluster without --runtime-config
// serves. The differential test compares the resulting resources with the test cluster's
// discovery, so a new Kubernetes version that changes the list fails there.
var servedByDefault = []schema.GroupVersion{
	admissionregistrationv1.SchemeGroupVersion,
	corev1.SchemeGroupVersion,
	appsv1.SchemeGroupVersion,
	autoscalingv1.SchemeGroupVersion,
	autoscalingv2.SchemeGroupVersion,
	batchv1.SchemeGroupVersion,
	certificatesv1.SchemeGroupVersion,
	coordinationv1.SchemeGroupVersion,
	discoveryv1.SchemeGroupVersion,
	eventsv1.SchemeGroupVersion,
	networkingv1.SchemeGroupVersion,
	nodev1.SchemeGroupVersion,
	policyv1.SchemeGroupVersion,
	rbacv1.SchemeGroupVersion,
	resourcev1.SchemeGroupVersion,
	storagev1.SchemeGroupVersion,
	schedulingv1.SchemeGroupVersion,
	flowcontrolv1.SchemeGroupVersion,
	// authentication.k8s.io/v1 and authorization.k8s.io/v1 hold reviews (TokenReview,
	// SubjectAccessReview...): questions to the server, not objects a manifest stores. Left out.
}

// builtinGroups builds the REST storage of every built-in group the server serves, with the
// storage providers pkg/controlplane uses (StorageProviders in instance.go), in its order.
func builtinGroups(opts serviceRanges, allocators *serviceAllocators, authz authorizer.Authorizer, informerFactory informers.SharedInformerFactory, namespaces corev1client.NamespaceInterface) ([]genericapiserver.APIGroupInfo, error) {
	config := serverstorage.NewResourceConfig()
	config.EnableVersions(servedByDefault...)
	getter := emptyRESTOptions{}

	core, err := coreGroup(config, getter, opts, allocators)
	if err != nil {
		return nil, fmt.Errorf("core/v1: %w", err)
	}
	providers := []interface {
		NewRESTStorage(serverstorage.APIResourceConfigSource, generic.RESTOptionsGetter) (genericapiserver.APIGroupInfo, error)
		GroupName() string
	}{
		autoscalingrest.RESTStorageProvider{},
		batchrest.RESTStorageProvider{},
		certificatesrest.RESTStorageProvider{Authorizer: authz},
		coordinationrest.RESTStorageProvider{},
		discoveryrest.StorageProvider{},
		networkingrest.RESTStorageProvider{},
		noderest.RESTStorageProvider{},
		policyrest.RESTStorageProvider{},
		rbacrest.RESTStorageProvider{Authorizer: authz},
		schedulingrest.RESTStorageProvider{},
		storagerest.RESTStorageProvider{},
		flowcontrolrest.RESTStorageProvider{InformerFactory: informerFactory},
		appsrest.StorageProvider{},
		admissionregistrationrest.RESTStorageProvider{Authorizer: authz},
		eventsrest.RESTStorageProvider{TTL: time.Hour},
		resourcerest.RESTStorageProvider{NamespaceClient: namespaces},
	}
	groups := []genericapiserver.APIGroupInfo{core}
	for _, p := range providers {
		info, err := p.NewRESTStorage(config, getter)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.GroupName(), err)
		}
		if len(info.VersionedResourcesStorageMap) > 0 {
			groups = append(groups, info)
		}
	}
	return groups, nil
}

// serviceRanges are the cluster's Service IP and NodePort ranges.
type serviceRanges struct {
	clusterIPs *net.IPNet
	nodePorts  utilnet.PortRange
}

// coreGroup is the core (legacy) group as the server builds it: the storages of
// GenericConfig.NewRESTStorage (pkg/registry/core/rest/storage_core_generic.go), then what
// legacyProvider.NewRESTStorage (storage_core.go) adds, minus what needs a live cluster (pod
// logs, exec and proxies, bindings, component statuses). That package itself does not build for
// WASI (it links the component-status probes and socket options). Service IPs and NodePorts
// come from allocators that hold nothing: a dry run checks the range, and only a real cluster
// knows which addresses are taken.
func coreGroup(config serverstorage.APIResourceConfigSource, getter generic.RESTOptionsGetter, ranges serviceRanges, allocators *serviceAllocators) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.APIGroupInfo{
		PrioritizedVersions:          legacyscheme.Scheme.PrioritizedVersionsForGroup(""),
		VersionedResourcesStorageMap: map[string]map[string]rest.Storage{},
		Scheme:                       legacyscheme.Scheme,
		ParameterCodec:               legacyscheme.ParameterCodec,
		NegotiatedSerializer:         legacyscheme.Codecs,
	}
	storage := map[string]rest.Storage{}
	add := func(resource string, s rest.Storage, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", resource, err)
		}
		if config.ResourceEnabled(corev1.SchemeGroupVersion.WithResource(resource)) {
			storage[resource] = s
		}
		return nil
	}

	events, err := eventstore.NewREST(getter, uint64(time.Hour.Seconds()))
	if err := add("events", events, err); err != nil {
		return info, err
	}
	quotas, _, err := resourcequotastore.NewREST(getter)
	if err := add("resourcequotas", quotas, err); err != nil {
		return info, err
	}
	namespaces, _, _, err := namespacestore.NewREST(getter)
	if err := add("namespaces", namespaces, err); err != nil {
		return info, err
	}
	secrets, err := secretstore.NewREST(getter)
	if err := add("secrets", secrets, err); err != nil {
		return info, err
	}
	serviceAccounts, err := serviceaccountstore.NewREST(getter, nil, nil, 0, notFoundGetter{api.Resource("pods")}, notFoundGetter{api.Resource("secrets")}, notFoundGetter{api.Resource("nodes")}, false, 0)
	if err := add("serviceaccounts", serviceAccounts, err); err != nil {
		return info, err
	}
	configMaps, err := configmapstore.NewREST(getter)
	if err := add("configmaps", configMaps, err); err != nil {
		return info, err
	}

	podTemplates, err := podtemplatestore.NewREST(getter)
	if err := add("podtemplates", podTemplates, err); err != nil {
		return info, err
	}
	limitRanges, err := limitrangestore.NewREST(getter)
	if err := add("limitranges", limitRanges, err); err != nil {
		return info, err
	}
	volumes, _, err := pvstore.NewREST(getter)
	if err := add("persistentvolumes", volumes, err); err != nil {
		return info, err
	}
	claims, _, err := pvcstore.NewREST(getter)
	if err := add("persistentvolumeclaims", claims, err); err != nil {
		return info, err
	}
	endpoints, err := endpointsstore.NewREST(getter)
	if err := add("endpoints", endpoints, err); err != nil {
		return info, err
	}
	nodes, err := nodestore.NewStorage(getter, kubeletclient.KubeletClientConfig{}, nil)
	if err != nil {
		return info, fmt.Errorf("nodes: %w", err)
	}
	if err := add("nodes", nodes.Node, nil); err != nil {
		return info, err
	}
	pods, err := podstore.NewStorage(getter, nodes.KubeletConnectionInfo, nil, nil)
	if err != nil {
		return info, fmt.Errorf("pods: %w", err)
	}
	if err := add("pods", pods.Pod, nil); err != nil {
		return info, err
	}
	controllers, err := controllerstore.NewStorage(getter)
	if err != nil {
		return info, fmt.Errorf("replicationcontrollers: %w", err)
	}
	if err := add("replicationcontrollers", controllers.Controller, nil); err != nil {
		return info, err
	}

	family := api.IPv4Protocol
	if ranges.clusterIPs.IP.To4() == nil {
		family = api.IPv6Protocol
	}
	if err := allocators.use(ranges); err != nil {
		return info, err
	}
	services, _, _, err := servicestore.NewREST(getter, family, map[api.IPFamily]ipallocator.Interface{family: allocators.ips}, allocators.ports, endpoints, pods.Pod, nil)
	if err := add("services", services, err); err != nil {
		return info, err
	}
	info.VersionedResourcesStorageMap["v1"] = storage
	return info, nil
}

// notFoundGetter is the storage a ServiceAccount's token subresource would read pods, secrets
// and nodes from, as the server's generic core storage wires it without a token issuer.
type notFoundGetter struct{ resource schema.GroupResource }

func (g notFoundGetter) Get(_ context.Context, name string, _ *metav1.GetOptions) (runtime.Object, error) {
	return nil, apierrors.NewNotFound(g.resource, name)
}

// serviceAllocators are the Service storage's cluster-IP and NodePort allocators, whose ranges
// each run may set (the storage holds these wrappers, built once).
type serviceAllocators struct {
	ips   *switchableIPs
	ports *switchablePorts
	// family is the IP family the Service storage was built for.
	family api.IPFamily
}

func newServiceAllocators() *serviceAllocators {
	return &serviceAllocators{ips: &switchableIPs{}, ports: &switchablePorts{}}
}

// use makes the allocators hand out addresses and ports of these ranges (allocating nothing:
// in a dry run the server's allocators check only that a requested one is in range).
func (a *serviceAllocators) use(ranges serviceRanges) error {
	family := api.IPv4Protocol
	if ranges.clusterIPs.IP.To4() == nil {
		family = api.IPv6Protocol
	}
	if a.family == "" {
		a.family = family
	} else if a.family != family {
		return fmt.Errorf("the validator's Service storage is %s (the default range, 10.96.0.0/12); a %s range is not supported", a.family, family)
	}
	ips, err := ipallocator.NewIPAllocator(ranges.clusterIPs, nil, noIPAddresses())
	if err != nil {
		return err
	}
	ports, err := portallocator.NewInMemory(ranges.nodePorts)
	if err != nil {
		return err
	}
	a.ips.Interface, a.ports.Interface = ips, ports
	return nil
}

type switchableIPs struct{ ipallocator.Interface }

type switchablePorts struct{ portallocator.Interface }

// noIPAddresses is an IPAddress informer whose cache is synced and empty: the cluster-IP
// allocator the server uses (MultiCIDRServiceAllocator, GA in 1.33) reads it, and in a dry run
// it only checks that a requested clusterIP is within the range.
func noIPAddresses() networkinginformers.IPAddressInformer {
	informer := cache.NewSharedIndexInformer(&cache.ListWatch{}, &networkingv1.IPAddress{}, 0, cache.Indexers{})
	return syncedIPAddresses{informer: syncedInformer{informer}}
}

type syncedIPAddresses struct{ informer syncedInformer }

func (s syncedIPAddresses) Informer() cache.SharedIndexInformer { return s.informer }
func (s syncedIPAddresses) Lister() networkinglisters.IPAddressLister {
	return networkinglisters.NewIPAddressLister(s.informer.GetIndexer())
}

type syncedInformer struct{ cache.SharedIndexInformer }

func (syncedInformer) HasSynced() bool { return true }
