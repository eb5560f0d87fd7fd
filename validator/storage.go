package main

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"sync"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	"k8s.io/client-go/tools/cache"

	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
)

// The server's own REST storages (genericregistry.Store and the per-kind REST types around it)
// run unchanged on top of an etcd that holds nothing: a dry-run create reads the object's key
// once (to report a name clash, which only a real cluster knows) and writes nothing.

// emptyStorage is a storage.Interface with no objects. Only the calls a dry-run create makes are
// implemented; anything else would be a bug in how the validator drives the stores (nil method).
type emptyStorage struct {
	storage.Interface
}

func (emptyStorage) Versioner() storage.Versioner { return storage.APIObjectVersioner{} }

func (emptyStorage) Get(_ context.Context, key string, _ storage.GetOptions, _ runtime.Object) error {
	return storage.NewKeyNotFoundError(key, 0)
}

func (emptyStorage) ReadinessCheck() error { return nil }

func (emptyStorage) SetKeysFunc(storage.KeysFunc) {}

func (emptyStorage) CompactRevision() int64 { return 0 }

func (emptyStorage) GetCurrentResourceVersion(context.Context) (uint64, error) { return 1, nil }

func (emptyStorage) RequestWatchProgress(context.Context) error { return nil }

// emptyRESTOptions gives every store the empty storage, with the codec a dry run uses to copy the
// object it would have written into the response.
//
// copyCodec is that codec for the built-in kinds (DryRunnableStorage.copyInto encodes the object,
// then decodes the bytes into the result): the bytes go nowhere, so a deep copy stands in for
// the storage encoding, which was a sixth of a run.
type copyCodec struct {
	mu      sync.Mutex
	next    int
	pending map[string]runtime.Object
}

func (c *copyCodec) Encode(obj runtime.Object, w io.Writer) error {
	c.mu.Lock()
	c.next++
	key := strconv.Itoa(c.next)
	c.pending[key] = obj.DeepCopyObject()
	c.mu.Unlock()
	_, err := io.WriteString(w, key)
	return err
}

func (c *copyCodec) Decode(data []byte, _ *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	c.mu.Lock()
	obj, ok := c.pending[string(data)]
	delete(c.pending, string(data))
	c.mu.Unlock()
	if !ok {
		return nil, nil, fmt.Errorf("copyCodec: nothing encoded as %q", data)
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if into == nil {
		return obj, &gvk, nil
	}
	target, source := reflect.ValueOf(into), reflect.ValueOf(obj)
	if target.Type() != source.Type() {
		return nil, nil, fmt.Errorf("copyCodec: cannot copy %T into %T", obj, into)
	}
	target.Elem().Set(source.Elem())
	return into, &gvk, nil
}

func (c *copyCodec) Identifier() runtime.Identifier { return "todo-k8s-validator-copy" }

type emptyRESTOptions struct{}

func (emptyRESTOptions) GetRESTOptions(resource schema.GroupResource, example runtime.Object) (generic.RESTOptions, error) {
	var codec runtime.Codec
	switch {
	case example == nil:
		// Custom resources: the apiextensions server's CRD REST options use the same codec.
		codec = unstructured.UnstructuredJSONScheme
	case resource.Group == "apiextensions.k8s.io":
		codec = apiextensionsapiserver.Codecs.LegacyCodec(apiextensionsapiserver.Scheme.PrioritizedVersionsForGroup(resource.Group)...)
	default:
		codec = &copyCodec{pending: map[string]runtime.Object{}}
	}
	return generic.RESTOptions{
		StorageConfig: &storagebackend.ConfigForResource{Config: storagebackend.Config{Codec: codec}, GroupResource: resource},
		Decorator: func(*storagebackend.ConfigForResource, string, func(runtime.Object) (string, error), func() runtime.Object, func() runtime.Object, storage.AttrFunc, storage.IndexerFuncs, *cache.Indexers) (storage.Interface, factory.DestroyFunc, error) {
			return emptyStorage{}, func() {}, nil
		},
		EnableGarbageCollection: true,
		DeleteCollectionWorkers: 1,
		ResourcePrefix:          "/" + resource.Group + "/" + resource.Resource,
	}, nil
}
