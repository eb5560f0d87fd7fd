// A tiny app for the Phase V tests on the real node, beside a Dapr sidecar: it records every
// request Dapr makes to it (pub/sub deliveries, cron binding triggers, Jobs API callbacks,
// service invocations), answers GET /received with them, and relays /relay/<path> to its
// sidecar's HTTP API on 127.0.0.1:3500 (which listens on the pod's loopback only), so a test
// outside the pod can use the sidecar through the app. Standard library only; built static.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type received struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Body   string `json:"body"`
	At     string `json:"at"`
}

var (
	mu   sync.Mutex
	seen []received
)

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	port := env("APP_PORT", "8080")
	sidecar := "http://127.0.0.1:" + env("DAPR_HTTP_PORT", "3500")
	appID := env("APP_ID", "app")
	client := &http.Client{Timeout: 30 * time.Second}

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from %s", appID)
	})
	mux.HandleFunc("/received", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("content-type", "application/json")
		out := []received{}
		for _, s := range seen {
			if p := r.URL.Query().Get("path"); p == "" || s.Path == p {
				out = append(out, s)
			}
		}
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/relay/", func(w http.ResponseWriter, r *http.Request) {
		target := sidecar + "/" + strings.TrimPrefix(r.URL.Path, "/relay/")
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		req, err := http.NewRequest(r.Method, target, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if ct := r.Header.Get("content-type"); ct != "" {
			req.Header.Set("content-type", ct)
		}
		resp, err := client.Do(req)
		if err != nil {
			http.Error(w, "relay: "+err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		if ct := resp.Header.Get("content-type"); ct != "" {
			w.Header().Set("content-type", ct)
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	})
	// Programmatic subscriptions: none (the tests subscribe declaratively). Dapr reads this at
	// start and gives up subscribing, declarative subscriptions included, when it is not a list.
	mux.HandleFunc("/dapr/subscribe", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("content-type", "application/json")
		_, _ = w.Write([]byte(`[]`))
	})
	// Everything else is Dapr calling the app: record it and say it was handled.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodOptions {
			mu.Lock()
			seen = append(seen, received{Method: r.Method, Path: r.URL.Path, Body: string(body), At: time.Now().UTC().Format(time.RFC3339Nano)})
			mu.Unlock()
			log.Printf("%s %s %s", r.Method, r.URL.Path, body)
		}
		w.Header().Set("content-type", "application/json")
		_, _ = w.Write([]byte(`{"status":"SUCCESS"}`))
	})
	log.Printf("%s listening on :%s", appID, port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
