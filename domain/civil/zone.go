package civil

import "time"

// DefaultZoneName is the time zone of an instansi unless configured
// otherwise: Western Indonesia Time, as Jakarta keeps it.
const DefaultZoneName = "Asia/Jakarta"

// DefaultZone returns the zone DefaultZoneName, or a fixed zone named WIB
// (UTC+7, which Jakarta has kept since 1964) when the time zone database
// is missing.
func DefaultZone() *time.Location {
	if loc, err := time.LoadLocation(DefaultZoneName); err == nil {
		return loc
	}
	return time.FixedZone("WIB", 7*60*60)
}
