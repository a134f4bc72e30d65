#pragma once

#include <QString>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <netinet/in.h>

/// A scripted SIP UAS on a UDP socket bound to 127.0.0.1, run by a thread of its own, that
/// never answers a call:
///
///     INVITE  → 100 Trying, 180 Ringing (To gets a tag); a retransmission gets the last answer
///     CANCEL  → 200 OK, then 487 Request Terminated to the INVITE; unknown call → 481
///     ACK     → absorbed
///     other   → counted as unexpected, not answered
///
/// Responses copy Via (all of them, in order), From, To, Call-ID and CSeq from the request
/// (RFC 3261 §8.2.6.2) and go back to the datagram's source address.
///
/// It records the kernel receive timestamp (SO_TIMESTAMPNS, CLOCK_REALTIME) of each call's
/// first CANCEL. On loopback the kernel stamps the datagram in the sender's sendto(), when the
/// loopback device hands it to the receive path, so the timestamp marks the datagram leaving
/// the sender's socket and does not depend on when this thread is scheduled.
///
/// The public functions may be called from any thread.
class ScriptedUas
{
public:
    ScriptedUas();
    /// Stops and joins the thread.
    ~ScriptedUas();
    ScriptedUas(const ScriptedUas &) = delete;
    ScriptedUas &operator=(const ScriptedUas &) = delete;

    /// Binds 127.0.0.1 on an ephemeral port, turns receive timestamps on and starts the
    /// thread. Returns false, with a sentence in \a error, when any of that fails.
    bool start(QString *error);
    /// The bound port; 0 before start().
    quint16 port() const { return m_port; }

    /// The Call-ID of the most recent new INVITE; empty before the first.
    std::string lastInviteCallId() const;
    /// The kernel receive time of the first CANCEL for \a callId, in nanoseconds since the
    /// epoch (CLOCK_REALTIME), or nothing if no CANCEL (or no timestamp) came for that call.
    std::optional<std::int64_t> cancelTimestamp(const std::string &callId) const;
    /// How many datagrams it could not parse or did not expect (a BYE, a CANCEL without a
    /// kernel timestamp, …). Zero in a healthy run.
    int unexpectedCount() const { return m_unexpected.load(); }

private:
    /// What the UAS keeps of one INVITE server transaction (touched by the thread only).
    struct InviteState
    {
        std::string toTag;
        std::string headers; ///< Via…CSeq of the INVITE, To already carrying toTag
        std::string lastResponse;
        sockaddr_in source{};
    };

    void run();
    void handle(std::string_view datagram,
                const sockaddr_in &source,
                std::optional<std::int64_t> receivedNs);
    void sendTo(const std::string &datagram, const sockaddr_in &destination);

    int m_socket = -1;
    int m_wakeup = -1; ///< eventfd that tells the thread to stop
    quint16 m_port = 0;
    std::thread m_thread;
    std::atomic<int> m_unexpected{0};
    int m_nextTag = 1; ///< thread only

    std::unordered_map<std::string, InviteState> m_invites; ///< by Call-ID; thread only

    mutable std::mutex m_mutex; ///< guards the two members below
    std::string m_lastInviteCallId;
    std::unordered_map<std::string, std::int64_t> m_cancelTimestamps;
};
