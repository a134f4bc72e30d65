#pragma once

#include "answerer.h"

#include "sipcore/core/useragentcore.h"
#include "sipcore/transport/memorytransport.h"
#include "sipcore/util/virtualtimerfactory.h"

#include <boost/asio/io_context.hpp>

/// Two sipcore user-agent cores, a caller and a callee, joined by in-memory transports on one
/// io_context and one virtual clock, for the in-memory transaction benchmarks. The callee's
/// delegate is an Answerer (OPTIONS the core answers itself). Nothing moves until pump() or
/// advance() is called; single-threaded.
class CorePair
{
public:
    /// \a reliable: both transports say TCP (no retransmissions; Timers K and J are 0).
    explicit CorePair(bool reliable);
    CorePair(const CorePair &) = delete;
    CorePair &operator=(const CorePair &) = delete;

    sipcore::UserAgentCore &caller() { return m_caller; }
    sipcore::UserAgentCore &callee() { return m_callee; }
    const Answerer &answerer() const { return m_answerer; }

    /// An out-of-dialog request from the caller to the callee; an INVITE carries an SDP offer.
    sipcore::Request makeRequest(std::string_view method) const;
    /// Runs queued work and hands what each side sent to the other, until neither has
    /// anything left to send.
    void pump();
    /// Moves virtual time on by 64·T1, so every transaction that completed (and each timer it
    /// keeps: K, J, L, M, I) ends, then pumps.
    void settle();
    /// True when neither core holds a transaction or dialog any more.
    bool isIdle() const;

private:
    boost::asio::io_context m_io;
    sipcore::VirtualTimerFactory m_timers;
    sipcore::MemoryTransport m_callerTransport;
    sipcore::MemoryTransport m_calleeTransport;
    sipcore::UserAgentCore m_caller;
    sipcore::UserAgentCore m_callee;
    Answerer m_answerer;
    sipcore::Uri m_calleeUri;
    std::string m_offer;
};
