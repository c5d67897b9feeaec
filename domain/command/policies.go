package command

import "github.com/kinerja/kinerja/domain/performance"

// Policy returns the policy of version v that the service was configured
// with, for queries that apply the rules of a period's policy (such as the
// objection deadline of skp.Due). Errors wrap ErrPolicyUnknown.
func (s *Service) Policy(v string) (performance.Policy, error) { return s.policy(v) }
