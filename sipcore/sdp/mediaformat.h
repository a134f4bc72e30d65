#pragma once

#include "sipcore/sdp/sessiondescription.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore::sdp {

/// One RTP payload format of a stream (RFC 8866 §6.6 rtpmap and §6.15 fmtp, RFC 3551 static
/// types): what a payload type number stands for in one side's description.
struct MediaFormat
{
    int payloadType = -1;
    std::string encodingName; ///< as written; compare with sameCodec()
    unsigned clockRate = 8000;
    unsigned channels = 1;
    std::string parameters = {}; ///< the fmtp value, "" when none

    /// Same encoding (case-insensitive), clock rate and channel count: the same codec,
    /// whatever the payload type numbers.
    bool sameCodec(const MediaFormat &other) const;
    /// Whether this is RFC 4733's telephone-event.
    bool isTelephoneEvent() const;
    bool operator==(const MediaFormat &) const = default;
};

/// The formats of \a stream in its order: each format's rtpmap, else the static type of
/// RFC 3551 (PCMU 0, GSM 3, G723 4, PCMA 8, G722 9, L16 10 and 11, QCELP 12, CN 13, G728 15,
/// G729 18); a dynamic type without rtpmap, or one that is not a number, is skipped.
std::vector<MediaFormat> formatsOf(const MediaDescription &stream);
/// Writes \a formats into \a stream: the m= format list, and rtpmap (and fmtp) lines for each.
void addFormats(MediaDescription &stream, const std::vector<MediaFormat> &formats);

} // namespace sipcore::sdp
