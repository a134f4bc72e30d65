#include "scripteduas.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <arpa/inet.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

/// The parts of a request the UAS needs to answer it.
struct ParsedRequest
{
    std::string method;
    std::vector<std::string> vias;
    std::string from;
    std::string to;
    std::string callId;
    std::string cseq;
};

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

/// Parses a request's start line and the header fields it answers with (long and compact
/// names). Responses and garbage give nothing. Folded lines (RFC 3261 §7.3.1) are joined.
std::optional<ParsedRequest> parseRequest(std::string_view datagram)
{
    const auto end = datagram.find("\r\n\r\n");
    std::string_view head = end == std::string_view::npos ? datagram : datagram.substr(0, end);
    std::vector<std::string> lines;
    while (!head.empty()) {
        const auto eol = head.find("\r\n");
        const std::string_view line = head.substr(0, eol);
        if (!lines.empty() && !line.empty() && (line.front() == ' ' || line.front() == '\t'))
            lines.back().append(" ").append(trimmed(line));
        else
            lines.emplace_back(line);
        head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
    }
    if (lines.empty() || lines.front().starts_with("SIP/"))
        return std::nullopt;
    ParsedRequest request;
    request.method = lines.front().substr(0, lines.front().find(' '));
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string name = lowered(trimmed(line.substr(0, colon)));
        const std::string value(trimmed(line.substr(colon + 1)));
        if (name == "via" || name == "v")
            request.vias.push_back(value);
        else if (name == "from" || name == "f")
            request.from = value;
        else if (name == "to" || name == "t")
            request.to = value;
        else if (name == "call-id" || name == "i")
            request.callId = value;
        else if (name == "cseq")
            request.cseq = value;
    }
    if (request.method.empty() || request.vias.empty() || request.from.empty() || request.to.empty()
        || request.callId.empty() || request.cseq.empty())
        return std::nullopt;
    return request;
}

/// The header fields a response to \a request copies (§8.2.6.2), To with \a toTag added
/// unless it has one or \a toTag is empty.
std::string responseHeaders(const ParsedRequest &request, const std::string &toTag)
{
    std::string out;
    for (const std::string &via : request.vias)
        out += "Via: " + via + "\r\n";
    out += "From: " + request.from + "\r\n";
    out += "To: " + request.to;
    if (!toTag.empty() && lowered(request.to).find(";tag=") == std::string::npos)
        out += ";tag=" + toTag;
    out += "\r\nCall-ID: " + request.callId + "\r\nCSeq: " + request.cseq + "\r\n";
    return out;
}

std::string response(int statusCode, std::string_view reasonPhrase, const std::string &headers)
{
    return "SIP/2.0 " + std::to_string(statusCode) + " " + std::string(reasonPhrase) + "\r\n"
           + headers + "Server: ringback-bench-uas\r\nContent-Length: 0\r\n\r\n";
}

QString systemError(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        QString::fromLocal8Bit(std::strerror(errno)));
}

} // namespace

ScriptedUas::ScriptedUas() = default;

ScriptedUas::~ScriptedUas()
{
    if (m_thread.joinable()) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(m_wakeup, &one, sizeof one);
        m_thread.join();
    }
    if (m_socket >= 0)
        ::close(m_socket);
    if (m_wakeup >= 0)
        ::close(m_wakeup);
}

bool ScriptedUas::start(QString *error)
{
    m_socket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_socket < 0) {
        *error = systemError("socket");
        return false;
    }
    const int on = 1;
    if (::setsockopt(m_socket, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
        *error = systemError("setsockopt(SO_TIMESTAMPNS)");
        return false;
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = 0;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_socket, reinterpret_cast<const sockaddr *>(&local), sizeof local) != 0) {
        *error = systemError("bind(127.0.0.1:0)");
        return false;
    }
    socklen_t length = sizeof local;
    if (::getsockname(m_socket, reinterpret_cast<sockaddr *>(&local), &length) != 0) {
        *error = systemError("getsockname");
        return false;
    }
    m_port = ntohs(local.sin_port);
    m_wakeup = ::eventfd(0, EFD_CLOEXEC);
    if (m_wakeup < 0) {
        *error = systemError("eventfd");
        return false;
    }
    m_thread = std::thread([this] { run(); });
    return true;
}

std::string ScriptedUas::lastInviteCallId() const
{
    const std::lock_guard lock(m_mutex);
    return m_lastInviteCallId;
}

std::optional<std::int64_t> ScriptedUas::cancelTimestamp(const std::string &callId) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_cancelTimestamps.find(callId);
    if (it == m_cancelTimestamps.end())
        return std::nullopt;
    return it->second;
}

void ScriptedUas::run()
{
    std::vector<char> buffer(65536);
    // Room for a timestamp and whatever else the kernel may add.
    alignas(cmsghdr) std::array<char, 256> control{};
    std::array<pollfd, 2> fds{pollfd{m_socket, POLLIN, 0}, pollfd{m_wakeup, POLLIN, 0}};
    for (;;) {
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[1].revents != 0)
            return;
        if ((fds[0].revents & POLLIN) == 0)
            continue;
        sockaddr_in source{};
        iovec io{buffer.data(), buffer.size()};
        msghdr message{};
        message.msg_name = &source;
        message.msg_namelen = sizeof source;
        message.msg_iov = &io;
        message.msg_iovlen = 1;
        message.msg_control = control.data();
        message.msg_controllen = control.size();
        const ssize_t size = ::recvmsg(m_socket, &message, 0);
        if (size < 0)
            continue;
        std::optional<std::int64_t> receivedNs;
        for (cmsghdr *header = CMSG_FIRSTHDR(&message); header;
             header = CMSG_NXTHDR(&message, header)) {
            if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_TIMESTAMPNS) {
                timespec stamp{};
                std::memcpy(&stamp, CMSG_DATA(header), sizeof stamp);
                receivedNs = std::int64_t{stamp.tv_sec} * 1'000'000'000 + stamp.tv_nsec;
            }
        }
        handle(std::string_view(buffer.data(), static_cast<std::size_t>(size)), source, receivedNs);
    }
}

void ScriptedUas::handle(std::string_view datagram,
                         const sockaddr_in &source,
                         std::optional<std::int64_t> receivedNs)
{
    const auto request = parseRequest(datagram);
    if (!request) {
        ++m_unexpected;
        return;
    }
    if (request->method == "INVITE") {
        if (const auto it = m_invites.find(request->callId); it != m_invites.end()) {
            sendTo(it->second.lastResponse, source); // a retransmission
            return;
        }
        InviteState invite;
        invite.toTag = "uas" + std::to_string(m_nextTag++);
        invite.headers = responseHeaders(*request, invite.toTag);
        invite.source = source;
        invite.lastResponse = response(180, "Ringing", invite.headers);
        {
            const std::lock_guard lock(m_mutex);
            m_lastInviteCallId = request->callId;
        }
        sendTo(response(100, "Trying", responseHeaders(*request, {})), source);
        sendTo(invite.lastResponse, source);
        m_invites.emplace(request->callId, std::move(invite));
    } else if (request->method == "CANCEL") {
        const auto it = m_invites.find(request->callId);
        if (it == m_invites.end()) {
            ++m_unexpected;
            sendTo(response(481, "Call/Transaction Does Not Exist", responseHeaders(*request, {})),
                   source);
            return;
        }
        if (!receivedNs) {
            ++m_unexpected;
        } else {
            const std::lock_guard lock(m_mutex);
            m_cancelTimestamps.emplace(request->callId, *receivedNs); // the first one counts
        }
        // §9.2: the CANCEL's response carries the To tag of the INVITE's responses.
        sendTo(response(200, "OK", responseHeaders(*request, it->second.toTag)), source);
        const std::string terminated = response(487, "Request Terminated", it->second.headers);
        if (it->second.lastResponse != terminated) {
            it->second.lastResponse = terminated;
            sendTo(terminated, it->second.source);
        }
    } else if (request->method != "ACK") {
        ++m_unexpected;
    }
}

void ScriptedUas::sendTo(const std::string &datagram, const sockaddr_in &destination)
{
    if (::sendto(m_socket, datagram.data(), datagram.size(), 0,
                 reinterpret_cast<const sockaddr *>(&destination), sizeof destination)
        < 0)
        ++m_unexpected;
}
