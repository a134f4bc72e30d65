#pragma once

#include "sipcore/core/useragentclient.h"

namespace sipcore {

/// The client of a BYE within a session dialog (RFC 3261 §15.1.1). Construct with
/// std::make_shared; the request comes from SessionDialog::bye().
class ByeUserAgentClient final : public UserAgentClient
{
public:
    ByeUserAgentClient(UserAgentCore &core,
                       Request message,
                       OutgoingRequestDelegate *delegate = nullptr);
};

} // namespace sipcore
