// Package cluster runs crew across machines on NATS JetStream: an embedded
// nats-server ([Start]) and one way for crew's commands to connect to any
// NATS server with JetStream enabled ([Connect]).
package cluster
