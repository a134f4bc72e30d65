#pragma once

#include "sipcore/core/sessiondialog.h"
#include "sipcore/core/useragentcoredelegate.h"

#include <cstdint>
#include <string>

/// The callee of the call benchmarks: answers every out-of-dialog INVITE as SIPp's built-in
/// uas scenario does, with 180 Ringing and then 200 OK carrying a one-stream PCMU SDP answer.
/// The session dialog that 200 creates absorbs the ACK and answers the BYE; its server keeps it
/// (64·T1 after the 2xx), so nothing is held here. Counts what the sessions report. Lives on
/// the core thread of the core it is the delegate of.
class Answerer final : public sipcore::UserAgentCoreDelegate, public sipcore::SessionDelegate
{
public:
    struct Counts
    {
        std::uint64_t invites = 0;     ///< INVITEs answered 200
        std::uint64_t acks = 0;        ///< ACKs of those 200s
        std::uint64_t byes = 0;        ///< BYEs answered 200
        std::uint64_t ackTimeouts = 0; ///< 200s never acknowledged (64·T1)
    };

    /// \a address: the IPv4 address the SDP answer names.
    explicit Answerer(const std::string &address);

    const Counts &counts() const { return m_counts; }

    void onInvite(const std::shared_ptr<sipcore::InviteUserAgentServer> &server) override;
    void onAck(const sipcore::Request &) override { ++m_counts.acks; }
    void onBye(const sipcore::Request &) override { ++m_counts.byes; }
    void onAckTimeout() override { ++m_counts.ackTimeouts; }

private:
    std::string m_sdp;
    Counts m_counts;
};
