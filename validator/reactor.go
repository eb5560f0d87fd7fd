package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"unsafe"
)

// The validator as a WASI reactor (-buildmode=c-shared, which validator/build uses), the way
// lib/checks/apiserver runs it:
//   - _initialize, then validator_setup: the server starts (and warms up) once; the caller may
//     save the module's memory and globals now and restore them into later instances instead;
//   - validator_warm(i): sends typical objects through the server again, one per call, so that
//     the engine compiles the code a run takes before the first real input arrives;
//   - per run: validator_input(n) returns where to write the n bytes of an Input document,
//     validator_call() answers it and returns the length of the Output document, which
//     validator_output() points to. Runs share the instance; each starts from no namespaces and
//     no definitions.

// prepared is the server validator_setup built, for the default Service ranges.
var prepared *apiServer

// input and output are the documents of the current run, held here so that the caller can
// write and read them in the module's memory.
var input, output []byte

//go:wasmexport validator_setup
func validatorSetup() int32 {
	quietLogs()
	// A smaller peak heap makes a smaller snapshot.
	defer debug.SetGCPercent(debug.SetGCPercent(20))
	ranges, err := parseServiceRanges(Input{})
	if err == nil {
		prepared, err = newAPIServer(ranges)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "validator: %v\n", err)
		return 1
	}
	prepared.warmUp()
	// The caller saves every page the heap ever touched: collect now, so that runs allocate
	// from the pages start-up freed.
	runtime.GC()
	debug.FreeOSMemory()
	return 0
}

// validator_warm(i) sends the i-th typical object of the warm-up through the server, so that
// the engine compiles what a run of such objects takes; it returns how many there are. The
// caller stops when a real input arrives (the next validator_call starts from a clean state).
//
//go:wasmexport validator_warm
func validatorWarm(i int32) int32 {
	if prepared != nil && int(i) < typicalObjects {
		prepared.warmUpOne(int(i))
	}
	return typicalObjects
}

//go:wasmexport validator_input
func validatorInput(size int32) int32 {
	input = make([]byte, size)
	if size == 0 {
		return 0
	}
	return int32(uintptr(unsafe.Pointer(&input[0])))
}

//go:wasmexport validator_call
func validatorCall() int32 {
	// Fewer collections during a run: memory is there, time is short.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if prepared != nil {
		prepared.reset()
	}
	out := validateAll(input)
	input = nil
	var err error
	if output, err = json.Marshal(out); err != nil {
		output = []byte(fmt.Sprintf(`{"error":%q,"results":[]}`, err.Error()))
	}
	return int32(len(output))
}

//go:wasmexport validator_output
func validatorOutput() int32 {
	if len(output) == 0 {
		return 0
	}
	return int32(uintptr(unsafe.Pointer(&output[0])))
}
