#include "sipcore/sdp/sdperror.h"

#include <string>

namespace sipcore::sdp {

namespace {

class SdpCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "sipcore.sdp"; }
    std::string message(int value) const override
    {
        switch (static_cast<SdpError>(value)) {
        case SdpError::Empty:
            return "the session description is empty";
        case SdpError::TooLarge:
            return "the session description is too large";
        case SdpError::BadLine:
            return "a line is not of the form <type>=<value>";
        case SdpError::UnknownType:
            return "a line has an unknown type letter";
        case SdpError::OutOfOrder:
            return "a line is out of the order RFC 8866 gives";
        case SdpError::BadVersion:
            return "the protocol version is not 0";
        case SdpError::BadOrigin:
            return "the origin line is malformed";
        case SdpError::MissingSessionName:
            return "the session name line is missing";
        case SdpError::BadConnection:
            return "a connection line is malformed";
        case SdpError::MissingConnection:
            return "a media stream has no connection address";
        case SdpError::MissingTiming:
            return "the timing line is missing";
        case SdpError::BadTiming:
            return "a timing line is malformed";
        case SdpError::BadBandwidth:
            return "a bandwidth line is malformed";
        case SdpError::BadMedia:
            return "a media line is malformed";
        case SdpError::BadAttribute:
            return "an attribute is malformed";
        case SdpError::NoCommonCodec:
            return "no audio stream offers a codec we support";
        case SdpError::NoUsableCrypto:
            return "encrypted audio (SRTP) is required by one side and not possible with the "
                   "other";
        case SdpError::UnexpectedAnswer:
            return "an answer arrived with no offer outstanding";
        case SdpError::NotAnswerToOffer:
            return "the answer's streams do not match the offer's";
        case SdpError::NoOfferToAnswer:
            return "there is no offer to answer";
        case SdpError::OfferPending:
            return "an offer arrived while ours is unanswered";
        }
        return "unknown SDP error";
    }
};

} // namespace

const std::error_category &sdpCategory()
{
    static const SdpCategory category;
    return category;
}

std::error_code make_error_code(SdpError error)
{
    return {static_cast<int>(error), sdpCategory()};
}

} // namespace sipcore::sdp
