// daprd for the test cluster, with the components the project deploys and the tests load:
// pubsub.kafka, state.postgresql, bindings.cron, secretstores.kubernetes, and Kubernetes name
// resolution for service invocation. Dapr's own main registers components through build tags
// (stablecomponents, allcomponents: cmd/daprd/components); the same registries are filled here,
// so a cold build compiles no cloud SDK. A Component of any other type fails to load, as it would
// in a daprd built without it. Built without either tag, with cmd/daprd/components' zz_notag.go
// (a panic asking for a tag) emptied in the copy of Dapr's source it builds from (.ci/dapr-build).
package main

import (
	"github.com/dapr/components-contrib/bindings/cron"
	"github.com/dapr/components-contrib/nameresolution/kubernetes"
	"github.com/dapr/components-contrib/pubsub/kafka"
	k8ssecrets "github.com/dapr/components-contrib/secretstores/kubernetes"
	pgv1 "github.com/dapr/components-contrib/state/postgresql/v1"
	pgv2 "github.com/dapr/components-contrib/state/postgresql/v2"
	"github.com/dapr/dapr/cmd/daprd/app"
	"github.com/dapr/dapr/pkg/components"
	bindingsLoader "github.com/dapr/dapr/pkg/components/bindings"
	nrLoader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubLoader "github.com/dapr/dapr/pkg/components/pubsub"
	secretstoresLoader "github.com/dapr/dapr/pkg/components/secretstores"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
)

func init() {
	pubsubLoader.DefaultRegistry.RegisterComponent(kafka.NewKafka, "kafka")
	// v1 by default and v2 on request, as Dapr registers it.
	stateLoader.DefaultRegistry.RegisterComponentWithVersions("postgresql", components.Versioning{
		Preferred: components.VersionConstructor{Version: "v2", Constructor: pgv2.NewPostgreSQLStateStore},
		Others:    []components.VersionConstructor{{Version: "v1", Constructor: pgv1.NewPostgreSQLStateStore}},
		Default:   "v1",
	})
	bindingsLoader.DefaultRegistry.RegisterInputBinding(cron.NewCron, "cron")
	secretstoresLoader.DefaultRegistry.RegisterComponent(k8ssecrets.NewKubernetesSecretStore, "kubernetes")
	nrLoader.DefaultRegistry.RegisterComponent(kubernetes.NewResolver, "kubernetes")
}

func main() {
	app.Run()
}
