package esdbtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/protos/serverfeatures"
	api "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// Config configures a Server. The zero value is a server whose $all
// starts with a few system events, as a real server's does.
type Config struct {
	// OmitSystemEvents leaves out the system events ($settings, $users...)
	// that a fresh server's $all starts with.
	OmitSystemEvents bool
	// Now is the clock for the events' created time; time.Now by default.
	Now func() time.Time
}

// Server is an in-process EventStoreDB stand-in serving Streams/Append and
// Streams/Read (reads and catch-up subscriptions) over insecure gRPC on
// 127.0.0.1. Its data lives in memory and survives Restart. All methods
// are safe for concurrent use.
type Server struct {
	cfg   Config
	store *store

	mu   sync.Mutex
	addr string       // host:port, fixed at the first Up
	srv  *grpc.Server // nil while down
	wg   sync.WaitGroup

	dropMu    sync.Mutex
	dropCh    chan struct{} // closed by DropSubscriptions, then replaced
	dropAfter atomic.Int64  // events left before an armed drop; <= 0 when not armed

	fault atomic.Pointer[func(method string) error]
}

// New returns a server that is not listening yet; call Up.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, store: newStore(), addr: "127.0.0.1:0", dropCh: make(chan struct{})}
	if !cfg.OmitSystemEvents {
		s.seedSystemEvents()
	}
	return s
}

// Start starts a server with the default Config for the test and stops it
// when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return StartConfig(tb, Config{})
}

// StartConfig starts a server with cfg for the test and stops it when the
// test ends.
func StartConfig(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	s := New(cfg)
	if err := s.Up(); err != nil {
		tb.Fatalf("esdbtest: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// URL returns the connection string for esdb.ParseConnectionString, e.g.
// "esdb://127.0.0.1:41234?tls=false". It is valid once Up has succeeded
// and stays the same across restarts.
func (s *Server) URL() string {
	return "esdb://" + s.Addr() + "?tls=false"
}

// Addr returns the server's host:port.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Up starts serving; the first call picks a free port, later calls reuse
// it. Up on a running server does nothing.
func (s *Server) Up() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return nil
	}
	lis, err := listen(s.addr)
	if err != nil {
		return err
	}
	s.addr = lis.Addr().String()
	s.srv = s.newGRPCServer()
	srv := s.srv
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = srv.Serve(lis)
	}()
	return nil
}

// listen listens on addr, retrying for a while when a restart finds the
// port still busy.
func listen(addr string) (net.Listener, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		lis, err := net.Listen("tcp", addr)
		if err == nil {
			return lis, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			return nil, fmt.Errorf("esdbtest: listen on %s: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newGRPCServer builds the gRPC server. Its keepalive policy allows the
// client's pings every 10 s even without active calls; gRPC's default
// (5 min) would close the connection, and with it every subscription.
func (s *Server) newGRPCServer() *grpc.Server {
	srv := grpc.NewServer(
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{
			MinTime:             time.Second,
			PermitWithoutStream: true,
		}),
		grpc.MaxRecvMsgSize(17<<20),
		grpc.ChainUnaryInterceptor(s.unaryFault),
		grpc.ChainStreamInterceptor(s.streamFault),
	)
	api.RegisterStreamsServer(srv, &streamsServer{store: s.store, server: s})
	serverfeatures.RegisterServerFeaturesServer(srv, featuresServer{})
	return srv
}

// Down stops serving, abruptly like a crash: open connections are closed
// and running calls and subscriptions fail on the client with
// Unavailable. The data is kept; Up serves it again on the same port.
func (s *Server) Down() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Stop()
	}
	s.wg.Wait()
}

// Restart is Down then Up on the same port, keeping the data.
func (s *Server) Restart() error {
	s.Down()
	return s.Up()
}

// Stop stops the server for good (Start registers it as test cleanup).
func (s *Server) Stop() {
	s.Down()
}

// SetFault installs f, called at the start of every call with the gRPC
// method name (MethodAppend, MethodRead...); a non-nil error fails the
// call with it (use a status error, e.g. status.Error(codes.Unavailable,
// ...)), and f may sleep to delay the call. nil removes the hook.
func (s *Server) SetFault(f func(method string) error) {
	if f == nil {
		s.fault.Store(nil)
		return
	}
	s.fault.Store(&f)
}

// gRPC method names passed to the SetFault hook.
const (
	MethodAppend = "/event_store.client.streams.Streams/Append"
	MethodRead   = "/event_store.client.streams.Streams/Read"
)

func (s *Server) checkFault(method string) error {
	if f := s.fault.Load(); f != nil {
		return (*f)(method)
	}
	return nil
}

func (s *Server) unaryFault(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if err := s.checkFault(info.FullMethod); err != nil {
		return nil, err
	}
	return handler(ctx, req)
}

func (s *Server) streamFault(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if err := s.checkFault(info.FullMethod); err != nil {
		if info.FullMethod == MethodAppend {
			// Read what the client sends first, as a failing server would:
			// a status returned before the client has sent its request makes
			// the client's own send fail with a bare EOF instead.
			for ss.RecvMsg(new(api.AppendReq)) == nil {
			}
		}
		return err
	}
	return handler(srv, ss)
}

func (s *Server) now() time.Time { return s.cfg.Now() }

// streamsServer implements the Streams service on the Server's store.
type streamsServer struct {
	api.UnimplementedStreamsServer
	store  *store
	server *Server
}

func (s *streamsServer) now() time.Time { return s.server.now() }
