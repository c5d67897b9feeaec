package esdbtest

// DropSubscriptions ends every running subscription with a gRPC
// Unavailable error, so the client's Subscription.Recv returns a
// SubscriptionDropped event. Connections, reads and appends are not
// affected; subscriptions started afterwards run normally.
func (s *Server) DropSubscriptions() {
	s.dropMu.Lock()
	defer s.dropMu.Unlock()
	close(s.dropCh)
	s.dropCh = make(chan struct{})
}

// DropAfter arms a one-shot drop: after n more events have been sent to
// subscribers (all subscriptions together), DropSubscriptions runs. n <= 0
// disarms it.
func (s *Server) DropAfter(n int) {
	s.dropAfter.Store(int64(max(n, 0)))
}

func (s *Server) dropChannel() <-chan struct{} {
	s.dropMu.Lock()
	defer s.dropMu.Unlock()
	return s.dropCh
}

// delivered counts one event sent to a subscriber for DropAfter.
func (s *Server) delivered() {
	for {
		n := s.dropAfter.Load()
		if n <= 0 {
			return
		}
		if s.dropAfter.CompareAndSwap(n, n-1) {
			if n == 1 {
				s.DropSubscriptions()
			}
			return
		}
	}
}
