#pragma once

#include "sipcore/core/useragentclient.h"

namespace sipcore {

/// The client of one REGISTER (RFC 3261 §10.2, SIP.js's RegisterUserAgentClient). Construct
/// with std::make_shared; the request comes from UserAgentCore::makeOutgoingRequestMessage.
class RegisterUserAgentClient final : public UserAgentClient
{
public:
    RegisterUserAgentClient(UserAgentCore &core,
                            Request message,
                            OutgoingRequestDelegate *delegate = nullptr);
};

} // namespace sipcore
