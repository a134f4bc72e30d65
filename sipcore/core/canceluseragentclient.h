#pragma once

#include "sipcore/core/useragentclient.h"

namespace sipcore {

/// The client of a CANCEL request (RFC 3261 §9.1): a non-INVITE transaction whose request
/// already carries the INVITE's Via, so it matches the INVITE server transaction at the
/// other end. Construct with std::make_shared from the core, the outgoing CANCEL, an
/// optional delegate and where the INVITE went (§9.1: the CANCEL goes there too, without
/// server location of its own). A CANCEL itself cannot be cancelled.
class CancelUserAgentClient final : public UserAgentClient
{
public:
    CancelUserAgentClient(UserAgentCore &core,
                          Request message,
                          OutgoingRequestDelegate *delegate = nullptr,
                          std::optional<ServerTarget> target = std::nullopt);

    /// Always fails with CoreError::NotCancellable and sends nothing.
    Result<Request> cancel(std::string_view reason = {}, CancelOptions options = {}) override;
};

} // namespace sipcore
