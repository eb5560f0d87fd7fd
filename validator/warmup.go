package main

import "encoding/json"

// warmUp sends objects of the kinds a project writes through the server once, at start-up, and
// then forgets them: what the server's code builds on first use (the JSON encoders and decoders
// of each type, conversion and defaulting paths, CEL environments, the schema of a custom
// resource) is then part of the state the caller saves, instead of being rebuilt by every run.
func (s *apiServer) warmUp() {
	var objects []rawObject
	if err := json.Unmarshal([]byte(warmUpObjects), &objects); err != nil {
		panic(err)
	}
	validateObjects(s, Input{Objects: objects}, "default")
	s.reset()
}

// typicalObjects is how many of warmUpObjects are what synth typically writes (they come first).
const typicalObjects = 19

// warmUpOne sends the i-th object of warmUpObjects through the server, as part of a warm-up
// whose namespace (the first object) the caller sent first.
func (s *apiServer) warmUpOne(i int) {
	var objects []rawObject
	if err := json.Unmarshal([]byte(warmUpObjects), &objects); err != nil || i >= len(objects) {
		return
	}
	heads := readHead(objects[i])
	if heads.is("", "Namespace") {
		_ = s.namespaces.Add(namespaceOf(objects[i], heads.name))
	}
	_, _ = s.validate(objects[i], heads, "default")
}

// reset forgets what a run added: its namespaces and definitions.
func (s *apiServer) reset() {
	_ = s.namespaces.Replace(nil, "")
	_ = s.crds.Replace(nil, "")
	s.defaultLabels = nil
}

// warmUpObjects: good objects of every kind the project writes first (typicalObjects of them),
// then bad ones, a Pod Security warning and refusal, a strict decoding error, a
// CustomResourceDefinition with a pattern, an enum and a CEL rule, and custom resources of it.
const warmUpObjects = `[
{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"warm-up","labels":{"pod-security.kubernetes.io/enforce":"restricted"}}},
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"warm-up","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"securityContext":{"runAsNonRoot":true,"runAsUser":10001,"seccompProfile":{"type":"RuntimeDefault"}},"volumes":[{"name":"tmp","emptyDir":{}}],"initContainers":[{"name":"wait","image":"x","command":["true"],"securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}],"containers":[{"name":"app","image":"registry.example/app:1","ports":[{"name":"http","containerPort":8000}],"env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}],"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}},"readinessProbe":{"httpGet":{"path":"/health","port":"http"}},"livenessProbe":{"tcpSocket":{"port":8000}},"volumeMounts":[{"name":"tmp","mountPath":"/tmp"}],"securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"readOnlyRootFilesystem":true}}]}}}},
{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"warm-up"},"spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"pg","image":"postgres","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}},"volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}},
{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"warm-up"},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}},
{"apiVersion":"v1","kind":"Service","metadata":{"name":"np","namespace":"warm-up"},"spec":{"type":"NodePort","selector":{"app":"web"},"ports":[{"name":"http","port":80,"nodePort":30080}]}},
{"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"warm-up"},"spec":{"clusterIP":"None","selector":{"app":"db"},"ports":[{"port":5432},{"port":5433}]}},
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"warm-up"},"data":{"a":"b","c/d":"e"}},
{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"warm-up"},"type":"Opaque","stringData":{"k":"v"}},
{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa","namespace":"warm-up"}},
{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"p","namespace":"warm-up"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}},
{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"n","namespace":"warm-up"},"spec":{"podSelector":{},"policyTypes":["Ingress","Egress"],"ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"web"}}}],"ports":[{"port":8000}]}],"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8"}}]}]}},
{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"i","namespace":"warm-up"},"spec":{"tls":[{"hosts":["a.example.com"],"secretName":"t"}],"rules":[{"host":"a.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}},
{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","namespace":"warm-up"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"x"}]}}}},
{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"cj","namespace":"warm-up"},"spec":{"schedule":"0 3 * * *","timeZone":"Europe/Berlin","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"x"}]}}}}}},
{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h","namespace":"warm-up"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":3,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}]}},
{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"pdb","namespace":"warm-up"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}}},
{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r","namespace":"warm-up"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]},
{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"warm-up"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},"subjects":[{"kind":"ServiceAccount","name":"sa","namespace":"warm-up"}]},
{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"cr"},"rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}]},
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bad","namespace":"warm-up"},"spec":{"replicas":-1,"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[{"name":"app","image":"x","imagePullPolcy":"Never"}]}}}},
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"warned","namespace":"warm-up"},"spec":{"selector":{"matchLabels":{"app":"w"}},"template":{"metadata":{"labels":{"app":"w"}},"spec":{"containers":[{"name":"app","image":"x"}]}}}},
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"warm-up"},"spec":{"containers":[{"name":"app","image":"x"}]}},
{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.warm-up.example.com"},"spec":{"group":"warm-up.example.com","scope":"Namespaced","names":{"kind":"Widget","plural":"widgets"},"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":[{"rule":"self.size > 0"}],"properties":{"size":{"type":"integer","default":1},"name":{"type":"string","pattern":"^[a-z]+$"},"color":{"type":"string","enum":["red"]},"extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}}}]}},
{"apiVersion":"warm-up.example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"warm-up"},"spec":{"size":2,"name":"abc","color":"red"}},
{"apiVersion":"warm-up.example.com/v1","kind":"Widget","metadata":{"name":"w2","namespace":"warm-up"},"spec":{"size":0,"name":"A","colour":"x"}}
]`
