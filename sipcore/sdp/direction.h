#pragma once

#include "sipcore/sdp/sessiondescription.h"

#include <string_view>

namespace sipcore::sdp {

/// A stream's direction attribute (RFC 3264 §5.1, RFC 8866 §6.7), from the sender's side.
enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };

/// "sendrecv", "sendonly", "recvonly" or "inactive".
std::string_view name(Direction direction);
/// Whether a stream in \a direction carries media from the side that wrote it.
bool sends(Direction direction);
/// Whether a stream in \a direction carries media to the side that wrote it.
bool receives(Direction direction);
/// The direction with both halves: what \a sending and \a receiving say.
Direction makeDirection(bool sending, bool receiving);
/// \a direction as the other side sees it (sendonly <-> recvonly).
Direction reversed(Direction direction);
/// The direction \a stream declares: its own attribute, else \a session's, else sendrecv
/// (§6.7: the media level overrides the session level).
Direction streamDirection(const SessionDescription &session, const MediaDescription &stream);
/// Sets \a stream's direction attribute to \a direction, replacing any there.
void setDirection(MediaDescription &stream, Direction direction);

} // namespace sipcore::sdp
