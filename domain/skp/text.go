package skp

import (
	"github.com/kinerja/kinerja/domain/text"
)

// line and block check a single-line and a multi-line text field against
// its limit in runes (see package text); errors wrap ErrInvalidInput and a
// *text.Error that names the field and the limit.
func line(field, s string, limit int) (string, error) {
	return text.Checker{Invalid: ErrInvalidInput}.Line(field, s, limit)
}

func block(field, s string, limit int) (string, error) {
	return text.Checker{Invalid: ErrInvalidInput}.Block(field, s, limit)
}

// checkTexts trims and checks the text and the supported RHK of the RHK at
// field, in place.
func checkTexts(field string, rhkText, supports *string) error {
	t, err := block(field+".text", *rhkText, text.MaxPlanText)
	if err != nil {
		return err
	}
	s, err := line(field+".supports", *supports, text.MaxPlanText)
	if err != nil {
		return err
	}
	*rhkText, *supports = t, s
	return nil
}

// checkIKITexts trims and checks the text of the IKI at field and of its
// target, in place.
func checkIKITexts(field string, k *IKI) error {
	t, err := block(field+".text", k.Text, text.MaxPlanText)
	if err != nil {
		return err
	}
	u, err := line(field+".target.unit", k.Target.Unit, text.MaxTargetUnit)
	if err != nil {
		return err
	}
	tt, err := block(field+".target.text", k.Target.Text, text.MaxPlanText)
	if err != nil {
		return err
	}
	k.Text, k.Target.Unit, k.Target.Text = t, u, tt
	return nil
}
