package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	apidiscoveryv2 "k8s.io/api/apidiscovery/v2"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	genericapi "k8s.io/apiserver/pkg/endpoints"
	genericapifilters "k8s.io/apiserver/pkg/endpoints/filters"
	"k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/capabilities"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apiextensionsinformers "k8s.io/apiextensions-apiserver/pkg/client/informers/externalversions"
	crdregistry "k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition"
	"sigs.k8s.io/structured-merge-diff/v6/typed"
)

// The server's limits (k8s.io/apiserver/pkg/server/config.go NewConfig).
const (
	maxRequestBodyBytes = 3 * 1024 * 1024
	requestTimeout      = 60 * time.Second
	minRequestTimeout   = 1800 * time.Second
)

// apiServer is a kube-apiserver without etcd, network or controllers: the server's own request
// handlers (decoding, defaulting, strict field validation, admission, the registry's create-time
// preparation and validation) in front of storages that hold nothing. Each object is sent to it
// as kubectl sends it: POST to its resource with ?dryRun=All&fieldValidation=Strict.
type apiServer struct {
	handler http.Handler
	// kinds are the built-in kinds served, by group, version and kind.
	kinds map[schema.GroupVersionKind]servedKind
	// groups are the built-in API groups ("" is core).
	groups sets.Set[string]
	// resources are the served built-in resources, for discovery.
	resources []ServedResource
	// namespaces is what PodSecurity admission knows of namespaces.
	namespaces cache.Indexer
	// ranges are the Service IP and NodePort ranges its allocators use now.
	ranges     serviceRanges
	allocators *serviceAllocators
	// defaultLabels are the Pod Security labels of a namespace the input does not hold.
	defaultLabels map[string]string
	// crds are the CustomResourceDefinitions custom resources are served from.
	crds cache.Indexer
}

type servedKind struct {
	resource   string
	namespaced bool
}

// validatorUser is who sends the requests: a cluster admin, as the test cluster's kubectl.
var validatorUser = &user.DefaultInfo{Name: "todo-k8s-validator", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}}

func newAPIServer(ranges serviceRanges) (*apiServer, error) {
	// --allow-privileged=true, as kubeadm, minikube, kind and the test cluster run the server
	// (its default is false: "privileged: Forbidden: disallowed by cluster policy").
	capabilities.Setup(true, 0)
	authz := authorizerfactory.NewAlwaysAllowAuthorizer()

	kubeInformers := informers.NewSharedInformerFactory(noClient{}, 0)
	namespaces := namespacesFor(kubeInformers)
	admit, err := podSecurityAdmission(kubeInformers, authz)
	if err != nil {
		return nil, fmt.Errorf("PodSecurity admission: %w", err)
	}
	allocators := newServiceAllocators()
	groups, err := builtinGroups(ranges, allocators, authz, kubeInformers, namespaceClient{lister: kubeInformers.Core().V1().Namespaces().Lister()})
	if err != nil {
		return nil, err
	}
	crdGroup, err := customResourceDefinitionGroup()
	if err != nil {
		return nil, err
	}

	crdInformer := apiextensionsinformers.NewSharedInformerFactory(noCRDClient{}, 0).Apiextensions().V1().CustomResourceDefinitions()
	crdHandler, err := apiextensionsapiserver.NewCustomResourceDefinitionHandler(
		nil, nil, crdInformer, http.NotFoundHandler(), emptyRESTOptions{},
		admission.NewChainHandler(), nil, nil, nil, 1, authz,
		requestTimeout, minRequestTimeout, nil, maxRequestBodyBytes)
	if err != nil {
		return nil, fmt.Errorf("custom resource handler: %w", err)
	}

	s := &apiServer{kinds: map[schema.GroupVersionKind]servedKind{}, groups: sets.New[string](), ranges: ranges, allocators: allocators, namespaces: namespaces, crds: crdInformer.Informer().GetIndexer()}
	// As the kube-apiserver chains its servers: what the built-in groups do not serve goes to
	// the apiextensions server's custom resource handler.
	h := genericapiserver.NewAPIServerHandler("validator", legacyscheme.Codecs, handlerChain, crdHandler)
	registry := runtime.NewEquivalentResourceRegistry()
	for i := range groups {
		prefix := genericapiserver.APIGroupPrefix
		if len(groups[i].PrioritizedVersions) > 0 && groups[i].PrioritizedVersions[0].Group == "" {
			prefix = genericapiserver.DefaultLegacyAPIPrefix
		}
		if err := s.install(h, &groups[i], prefix, admit, registry); err != nil {
			return nil, err
		}
	}
	if err := s.install(h, &crdGroup, genericapiserver.APIGroupPrefix, admission.NewChainHandler(), registry); err != nil {
		return nil, err
	}
	s.handler = h
	return s, nil
}

// handlerChain is what the server's filter chain leaves for a request that passed
// authentication and authorization: its RequestInfo, its user and a warning recorder.
func handlerChain(apiHandler http.Handler) http.Handler {
	withUser := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		apiHandler.ServeHTTP(w, req.WithContext(request.WithUser(req.Context(), validatorUser)))
	})
	resolver := &request.RequestInfoFactory{
		APIPrefixes:          sets.NewString(strings.Trim(genericapiserver.APIGroupPrefix, "/"), strings.Trim(genericapiserver.DefaultLegacyAPIPrefix, "/")),
		GrouplessAPIPrefixes: sets.NewString(strings.Trim(genericapiserver.DefaultLegacyAPIPrefix, "/")),
	}
	return genericapifilters.WithWarningRecorder(genericapifilters.WithRequestInfo(withUser, resolver))
}

// install registers a group's resources the way GenericAPIServer.installAPIResources does
// (newAPIGroupVersion's fields), and records the kinds it serves.
func (s *apiServer) install(h *genericapiserver.APIServerHandler, info *genericapiserver.APIGroupInfo, prefix string, admit admission.Interface, registry runtime.EquivalentResourceRegistry) error {
	for _, gv := range info.PrioritizedVersions {
		storage := map[string]rest.Storage{}
		for k, v := range info.VersionedResourcesStorageMap[gv.Version] {
			storage[k] = v
		}
		if len(storage) == 0 {
			continue
		}
		allServedVersionsByResource := map[string][]string{}
		for version, resources := range info.VersionedResourcesStorageMap {
			for resource := range resources {
				if gv.Group == "" {
					allServedVersionsByResource[resource] = append(allServedVersionsByResource[resource], version)
				} else {
					allServedVersionsByResource[resource] = append(allServedVersionsByResource[resource], gv.Group+"/"+version)
				}
			}
		}
		version := &genericapi.APIGroupVersion{
			Root:                        prefix,
			GroupVersion:                gv,
			Storage:                     storage,
			AllServedVersionsByResource: allServedVersionsByResource,
			MetaGroupVersion:            info.MetaGroupVersion,
			ParameterCodec:              info.ParameterCodec,
			Serializer:                  info.NegotiatedSerializer,
			Creater:                     info.Scheme,
			Convertor:                   info.Scheme,
			ConvertabilityChecker:       info.Scheme,
			UnsafeConvertor:             runtime.UnsafeObjectConvertor(info.Scheme),
			Defaulter:                   info.Scheme,
			Typer:                       info.Scheme,
			Namer:                       runtime.Namer(meta.NewAccessor()),
			EquivalentResourceRegistry:  registry,
			Admit:                       admit,
			MinRequestTimeout:           minRequestTimeout,
			Authorizer:                  authorizerfactory.NewAlwaysAllowAuthorizer(),
			TypeConverter:               noManagedFields{},
			MaxRequestBodyBytes:         maxRequestBodyBytes,
		}
		if info.OptionsExternalVersion != nil {
			version.OptionsExternalVersion = info.OptionsExternalVersion
		}
		discovered, _, err := version.InstallREST(h.GoRestfulContainer)
		if err != nil {
			return fmt.Errorf("installing %s: %w", gv, err)
		}
		s.groups.Insert(gv.Group)
		s.record(gv, discovered)
	}
	return nil
}

func (s *apiServer) record(gv schema.GroupVersion, discovered []apidiscoveryv2.APIResourceDiscovery) {
	for _, r := range discovered {
		if r.ResponseKind == nil || !hasVerb(r.Verbs, "create") {
			continue
		}
		namespaced := r.Scope == apidiscoveryv2.ScopeNamespace
		gvk := gv.WithKind(r.ResponseKind.Kind)
		s.kinds[gvk] = servedKind{resource: r.Resource, namespaced: namespaced}
		s.resources = append(s.resources, ServedResource{Group: gv.Group, Version: gv.Version, Kind: gvk.Kind, Resource: r.Resource, Namespaced: namespaced})
	}
}

func hasVerb(verbs []string, verb string) bool {
	for _, v := range verbs {
		if v == verb {
			return true
		}
	}
	return false
}

// noManagedFields is the type converter of the built-in groups' field managers: it declines
// every object, so a create records no managed fields (FieldManager.UpdateNoErrors drops them,
// as the server drops managed fields it cannot process). A create's verdict does not depend on
// them; tracking them was a sixth of a run, and the server's converter needs OpenAPI models that
// take seconds to build.
type noManagedFields struct{}

var errNoManagedFields = errors.New("the validator records no managed fields")

func (noManagedFields) ObjectToTyped(runtime.Object, ...typed.ValidationOptions) (*typed.TypedValue, error) {
	return nil, errNoManagedFields
}

func (noManagedFields) TypedToObject(*typed.TypedValue) (runtime.Object, error) {
	return nil, errNoManagedFields
}

// customResourceDefinitionGroup is apiextensions.k8s.io as the apiextensions server builds it
// (k8s.io/apiextensions-apiserver/pkg/apiserver New).
func customResourceDefinitionGroup() (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(apiextensionsv1.GroupName, apiextensionsapiserver.Scheme, metav1.ParameterCodec, apiextensionsapiserver.Codecs)
	crds, err := crdregistry.NewREST(apiextensionsapiserver.Scheme, emptyRESTOptions{})
	if err != nil {
		return info, err
	}
	info.VersionedResourcesStorageMap[apiextensionsv1.SchemeGroupVersion.Version] = map[string]rest.Storage{
		"customresourcedefinitions":        crds,
		"customresourcedefinitions/status": crdregistry.NewStatusREST(apiextensionsapiserver.Scheme, crds),
	}
	return info, nil
}

// noCRDClient is the apiextensions clientset behind the CRD informer, never called (the
// informer is not started; its cache holds the input's definitions).
type noCRDClient struct{ apiextensionsclient.Interface }

func (r serviceRanges) String() string {
	return r.clusterIPs.String() + " " + r.nodePorts.String()
}

func parseServiceRanges(input Input) (serviceRanges, error) {
	cidr := input.ServiceClusterIPRange
	if cidr == "" {
		cidr = "10.96.0.0/12"
	}
	_, ipNet, err := net.ParseCIDR(cidr)
	if err != nil {
		return serviceRanges{}, fmt.Errorf("serviceClusterIPRange %q: %w", cidr, err)
	}
	ports := input.ServiceNodePortRange
	if ports == "" {
		ports = "30000-32767"
	}
	portRange, err := utilnet.ParsePortRange(ports)
	if err != nil {
		return serviceRanges{}, fmt.Errorf("serviceNodePortRange %q: %w", ports, err)
	}
	return serviceRanges{clusterIPs: ipNet, nodePorts: *portRange}, nil
}
