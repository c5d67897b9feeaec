package skp

import (
	"fmt"

	"github.com/kinerja/kinerja/domain/text"
)

// line trims and checks a single-line text field against its limit in
// runes (see package text). Errors wrap ErrInvalidInput and a *text.Error
// that names the field and the limit.
func line(field, s string, limit int) (string, error) {
	s, err := text.Line(field, s, limit)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	return s, nil
}

// block is line for a multi-line field, where newline and tab are allowed.
func block(field, s string, limit int) (string, error) {
	s, err := text.Block(field, s, limit)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	return s, nil
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
