// Package seedtest checks that a program printed what the seed's programs
// print: "Task i: starting" and "Task i: finishing" for each task, every task
// started before any finished, then "All tasks completed.".
package seedtest

import (
	"fmt"
	"slices"
	"strings"
)

// Check returns a description of what is wrong with out, the output of the
// seed program run with n tasks, or "" when it is right. Lines before the
// first task line (a header, say) and after the last are not checked, except
// that the line after the task lines must be "All tasks completed.".
func Check(out string, n int) string {
	lines := strings.Split(out, "\n")
	first := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Task ") })
	if first < 0 {
		return fmt.Sprintf("no task lines in output:\n%s", out)
	}
	lines = lines[first:]
	if len(lines) < 2*n+1 || lines[2*n] != "All tasks completed." {
		return fmt.Sprintf("want %d task lines then %q, got:\n%s", 2*n, "All tasks completed.", out)
	}
	lines = lines[:2*n]
	for i := range n {
		// Concurrency: every task starts before any finishes.
		if !slices.Contains(lines[:n], fmt.Sprintf("Task %d: starting", i)) {
			return fmt.Sprintf("task %d did not start before the first task finished:\n%s", i, out)
		}
		if !slices.Contains(lines[n:], fmt.Sprintf("Task %d: finishing", i)) {
			return fmt.Sprintf("task %d did not finish after all tasks started:\n%s", i, out)
		}
	}
	return ""
}
