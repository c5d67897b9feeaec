package text

// The maximum length, in runes, of every free-text field of a command. A
// field is checked after surrounding white space is trimmed. These are the
// limits documented to clients (README, OpenAPI maxLength); change them
// only together with those documents.
const (
	// MaxName bounds a name: an employee's name, a unit's name, a jabatan name.
	MaxName = 200
	// MaxNote bounds a note or a reason: the note of a rating or of a
	// returned plan, the reason of an amendment, a correction, a revision,
	// a transfer, a reporting-line assignment or leaving the service, the
	// note of an objection decision, the reason of a predikat setting.
	MaxNote = 2000
	// MaxCrossInstansiReason bounds the reason given for a reporting line
	// whose official belongs to another instansi than the employee.
	MaxCrossInstansiReason = 2000
	// MaxJustification bounds the justification of a distribution override.
	MaxJustification = 2000
	// MaxObjection bounds the reasons of an objection (keberatan).
	MaxObjection = 4000
	// MaxFeedback bounds a feedback text and the employee's response to it.
	MaxFeedback = 4000
	// MaxRealisation bounds the text of a realisation report.
	MaxRealisation = 4000
	// MaxEvidenceRef bounds one reference to evidence (bukti dukung), such
	// as a document id or a URL.
	MaxEvidenceRef = 500
	// MaxPlanText bounds the text of an RHK or an IKI, a qualitative target
	// and a BerAKHLAK expectation.
	MaxPlanText = 1000
	// MaxTargetUnit bounds the unit of a quantitative target ("dokumen").
	MaxTargetUnit = 100
	// MaxIdentifier bounds the tracing values of a command's metadata:
	// correlation, causation and request ids, the idempotency key, the
	// on-behalf-of subject and the client name.
	MaxIdentifier = 200
	// MaxScopedKey bounds an idempotency key as the metadata records it: a
	// caller's key of at most MaxIdentifier characters, prefixed by an
	// adapter with the caller's id (a NIP and a slash) to scope it.
	MaxScopedKey = MaxIdentifier + 32
)

// MaxEventDataBytes bounds the encoded data (JSON) of one event a command
// appends: well below the store's limit (eventlog.MaxDataBytes, 1 MiB), so
// that one stream cannot grow without bound and a projection never meets a
// value a read model cannot hold. It is checked by the command use cases.
const MaxEventDataBytes = 64 << 10

// The limits of the self-assessment (penilaian mandiri), peer feedback and
// follow-up (tindak lanjut) texts.
const (
	// MaxReflection bounds the reflection and the action plan of a
	// self-assessment.
	MaxReflection = 4000
	// MaxValueComment bounds the comment on one BerAKHLAK value in a
	// self-assessment or a peer's feedback.
	MaxValueComment = 1000
	// MaxFollowupTitle bounds the title of a follow-up: the name of a
	// reward, a training or a sanction.
	MaxFollowupTitle = 300
)
