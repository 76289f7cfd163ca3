package inputerr

import (
	"errors"
	"fmt"
	"testing"
)

func TestMessage(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{New("deals.csv", 12, "amount_bn", "negative amount %g", -3.0), "deals.csv:12: field amount_bn: negative amount -3"},
		{New("deals.csv", 0, "", "empty file"), "deals.csv: empty file"},
		{New("", 4, "seller", "unknown firm %q", "Foo"), `line 4: field seller: unknown firm "Foo"`},
		{&Error{}, "invalid input"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestIsSurvivesWrapping(t *testing.T) {
	base := New("firms.csv", 3, "class", "unknown class")
	wrapped := fmt.Errorf("load inputs: %w", base)
	if !Is(wrapped) {
		t.Error("Is(wrapped input error) = false")
	}
	if Is(errors.New("disk full")) || Is(nil) {
		t.Error("Is reports a plain error as bad input")
	}
	if Wrap(nil) != nil {
		t.Error("Wrap(nil) != nil")
	}
	if got := Wrap(wrapped); got != wrapped {
		t.Error("Wrap re-wrapped an error that is already bad input")
	}
	plain := errors.New("bad flag")
	if w := Wrap(plain); !Is(w) || !errors.Is(w, plain) {
		t.Error("Wrap lost the mark or the cause")
	}
	if e := Errorf("bad %s", "seed"); !Is(e) || e.Error() != "bad seed" {
		t.Errorf("Errorf = %v", e)
	}
}

type foreign struct{ bad bool }

func (f foreign) Error() string  { return "foreign" }
func (f foreign) BadInput() bool { return f.bad }

// Errors from elsewhere join the scheme through a BadInput method.
func TestBadInputMethod(t *testing.T) {
	if !Is(fmt.Errorf("x: %w", foreign{true})) || Is(foreign{false}) {
		t.Error("Is ignores BadInput")
	}
	var bi interface{ BadInput() bool }
	if !errors.As(fmt.Errorf("x: %w", New("f", 1, "", "y")), &bi) || !bi.BadInput() {
		t.Error("*Error does not report BadInput")
	}
}
