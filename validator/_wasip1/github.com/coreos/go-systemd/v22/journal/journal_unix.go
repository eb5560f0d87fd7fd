// Stands in for go-systemd's journal_unix.go when building for GOOS=wasip1 (validator/build
// passes it with go build -overlay): WASI has no Unix sockets, so there is no journal. The
// validator never logs to it (etcd's logger, linked but never started, would ask).

package journal

import "errors"

var errNoJournal = errors.New("journal: no systemd journal under WASI")

// Enabled reports whether the journal is available: never, under WASI.
func Enabled() bool { return false }

// Send writes nothing: there is no journal.
func Send(message string, priority Priority, vars map[string]string) error { return errNoJournal }

// StderrIsJournalStream reports whether stderr goes to the journal: it cannot.
func StderrIsJournalStream() (bool, error) { return false, nil }

// StdoutIsJournalStream reports whether stdout goes to the journal: it cannot.
func StdoutIsJournalStream() (bool, error) { return false, nil }
