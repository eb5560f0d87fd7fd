// CoreDNS for the test cluster's real node, with only the plugins its Corefile uses
// (.ci/cluster-node write_configs). CoreDNS's own main imports every plugin, cloud DNS providers
// included; a build with a smaller plugin set is how CoreDNS documents trimming it, and this is
// that set, so a cold build compiles a fraction of the code. A Corefile naming any other plugin
// fails at start with "unknown directive".
package main

import (
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/template"
)

func main() {
	coremain.Run()
}
