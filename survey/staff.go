package survey

import "slices"

// Role is what a staff member is trusted with. Until staff accounts exist the admin token is the
// only way in, and it signs in as RoleAdmin; accounts will bring narrower roles.
type Role string

// RoleAdmin may do everything in the staff area.
const RoleAdmin Role = "admin"

// Actions in the staff area that a role may or may not be allowed.
const (
	ActViewChannels   = "channels.view"   // list channels with their counts, download QR codes and posters
	ActManageChannels = "channels.manage" // create channels
)

// permissions lists what each role may do; Can is the one place it is read.
var permissions = map[Role][]string{
	RoleAdmin: {ActViewChannels, ActManageChannels},
}

// Staff is someone signed in to the staff area.
type Staff struct {
	Role Role
}

// Can reports whether the staff member may do action.
func (s *Staff) Can(action string) bool {
	return s != nil && slices.Contains(permissions[s.Role], action)
}
