#pragma once

#include <system_error>

namespace sipcore::sdp {

/// Why a session description was refused (RFC 8866 syntax, RFC 3264 offer/answer).
enum class SdpError {
    Empty = 1,          ///< no lines at all
    TooLarge,           ///< more lines or bytes than a session description may have here
    BadLine,            ///< a line that is not <type>=<value> with a lower-case letter
    UnknownType,        ///< a type letter RFC 8866 does not define (§5: reject or ignore)
    OutOfOrder,         ///< a line where §5 does not allow it, or one missing before it
    BadVersion,         ///< v= is not 0
    BadOrigin,          ///< o= does not have its six fields
    MissingSessionName, ///< no s= line
    BadConnection,      ///< c= is not <nettype> <addrtype> <address>
    MissingConnection,  ///< a stream without c= and no session-level c= (§5.7)
    MissingTiming,      ///< no t= line
    BadTiming,          ///< t=, r= or z= with non-numeric fields
    BadBandwidth,       ///< b= is not <type>:<number>
    BadMedia,           ///< m= is not <media> <port>[/<count>] <proto> <fmt> …
    BadAttribute,       ///< an attribute the stack uses (rtpmap, ptime, rtcp, crypto) is malformed
    NoCommonCodec,      ///< offer/answer: no audio stream with a codec both sides have
    NoUsableCrypto,     ///< offer/answer: SRTP wanted by one side and not possible with the other
    UnexpectedAnswer,   ///< offer/answer: an answer with no offer of ours outstanding
    NotAnswerToOffer,   ///< offer/answer: the answer's streams do not match our offer's
    NoOfferToAnswer,    ///< offer/answer: asked for an answer with no offer from the peer
    OfferPending,       ///< offer/answer: an offer while ours is unanswered (glare; SIP: 491)
};

const std::error_category &sdpCategory();
std::error_code make_error_code(SdpError error);

} // namespace sipcore::sdp

template<>
struct std::is_error_code_enum<sipcore::sdp::SdpError> : std::true_type
{
};
