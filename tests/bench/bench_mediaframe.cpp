// bench_mediaframe: the processor time of the media engine's per-frame work, one 20 ms frame of
// 48 kHz mono at a time, on one thread (issue 6, item 10: where a call's processor time goes).
// A Google Benchmark program; docs/BENCHMARKS.md ("Media") has the method and the results.
//
// A benchmark's time per frame divided by the frame's 20 ms is what that step costs a call as a
// share of one core (docs/BENCHMARKS.md gives it as such). The audio is speech-like (harmonics of a
// gliding 150 Hz voice in 4 Hz syllables over faint noise), since the codecs and clean-ups do less
// work on silence:
//   clean-ups/<rate>      AudioProcessor, echo cancellation, noise suppression and gain
//                         control on, the speaker's audio another voice (at 48 kHz through the
//                         band split; at 16 kHz, what the low band alone costs)
//   opus/encode/<loss>    OpusCodec, as calls use it (32 kbit/s), its in-band FEC sized for
//                         <loss> % expected loss: 10 before the peer's first report, 0 once
//                         it reports a clean network (no FEC)
//   opus/decode
//   pcmu/encode, decode   G711Codec, µ-law
//   resample/<from>-<to>  Resampler, the sound device's rate to the engine's and back

#include "sipcore/media/audioprocessor.h"
#include "sipcore/media/g711codec.h"
#include "sipcore/media/opuscodec.h"
#include "sipcore/media/resampler.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace sipcore::media;

namespace {

/// Ten seconds of a speech-like voice at \a rate.
std::vector<std::int16_t> voice(unsigned rate, unsigned seed)
{
    std::vector<std::int16_t> out(std::size_t(rate) * 10);
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0, 100);
    double phase = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = double(i) / rate;
        const double pitch = 150 * (1 + 0.1 * std::sin(2 * std::numbers::pi * 0.5 * t + seed));
        phase += 2 * std::numbers::pi * pitch / rate;
        double sample = 0;
        for (int harmonic = 1; harmonic * pitch < rate / 2.0 && harmonic < 40; ++harmonic)
            sample += std::sin(harmonic * phase) / harmonic;
        const double syllable = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * 4 * t);
        out[i] = static_cast<std::int16_t>(
                std::clamp(4000 * syllable * sample + noise(random), -32768.0, 32767.0));
    }
    return out;
}

void cleanUps(benchmark::State &state)
{
    const auto rate = static_cast<unsigned>(state.range(0));
    const std::size_t frame = rate / 50;
    const auto microphone = voice(rate, 1);
    const auto played = voice(rate, 2);
    AudioProcessor processor(
            {.echoCancellation = true, .noiseSuppression = true, .gainControl = true}, rate, frame);
    std::vector<std::int16_t> captured(frame);
    std::size_t at = 0;
    for (auto _ : state) {
        std::copy_n(microphone.begin() + std::ptrdiff_t(at), frame, captured.begin());
        processor.process(captured, std::span(played).subspan(at, frame));
        benchmark::DoNotOptimize(captured.data());
        at = at + 2 * frame <= microphone.size() ? at + frame : 0;
    }
}
BENCHMARK(cleanUps)->Name("clean-ups")->Arg(48000)->Arg(16000)->Unit(benchmark::kMicrosecond);

/// Payloads of the voice, one per frame, as \a codec sends them.
std::vector<std::vector<std::uint8_t>> encodeAll(AudioCodec &codec,
                                                 const std::vector<std::int16_t> &audio)
{
    const std::size_t frame = codec.sampleRate() / 50;
    std::vector<std::vector<std::uint8_t>> payloads;
    std::vector<std::uint8_t> out(1500);
    for (std::size_t at = 0; at + frame <= audio.size(); at += frame) {
        const std::size_t size = codec.encode(std::span(audio).subspan(at, frame), out);
        payloads.emplace_back(out.begin(), out.begin() + std::ptrdiff_t(size));
    }
    return payloads;
}

void encode(benchmark::State &state, AudioCodec &codec)
{
    const std::size_t frame = codec.sampleRate() / 50;
    const auto audio = voice(codec.sampleRate(), 1);
    std::vector<std::uint8_t> out(1500);
    std::size_t at = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(codec.encode(std::span(audio).subspan(at, frame), out));
        at = at + 2 * frame <= audio.size() ? at + frame : 0;
    }
}

void decode(benchmark::State &state, AudioCodec &encoder, AudioCodec &codec)
{
    const auto payloads = encodeAll(encoder, voice(codec.sampleRate(), 1));
    std::vector<std::int16_t> pcm(codec.sampleRate() / 50);
    std::size_t next = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(codec.decode(payloads[next], pcm));
        next = (next + 1) % payloads.size();
    }
}

void opusEncode(benchmark::State &state)
{
    OpusCodec codec;
    codec.setExpectedLoss(static_cast<unsigned>(state.range(0)));
    encode(state, codec);
}
void opusDecode(benchmark::State &state)
{
    OpusCodec encoder;
    OpusCodec codec;
    decode(state, encoder, codec);
}
void pcmuEncode(benchmark::State &state)
{
    G711Codec codec(G711Codec::Law::MuLaw);
    encode(state, codec);
}
void pcmuDecode(benchmark::State &state)
{
    G711Codec encoder(G711Codec::Law::MuLaw);
    G711Codec codec(G711Codec::Law::MuLaw);
    decode(state, encoder, codec);
}
BENCHMARK(opusEncode)->Name("opus/encode")->Arg(10)->Arg(0)->Unit(benchmark::kMicrosecond);
BENCHMARK(opusDecode)->Name("opus/decode")->Unit(benchmark::kMicrosecond);
BENCHMARK(pcmuEncode)->Name("pcmu/encode")->Unit(benchmark::kMicrosecond);
BENCHMARK(pcmuDecode)->Name("pcmu/decode")->Unit(benchmark::kMicrosecond);

void resample(benchmark::State &state)
{
    const auto from = static_cast<unsigned>(state.range(0));
    const auto to = static_cast<unsigned>(state.range(1));
    Resampler resampler(from, to);
    const auto audio = voice(from, 1);
    const std::size_t frame = from / 50;
    std::vector<std::int16_t> out;
    out.reserve(to / 25);
    std::size_t at = 0;
    for (auto _ : state) {
        out.clear();
        resampler.process(std::span(audio).subspan(at, frame), out);
        benchmark::DoNotOptimize(out.data());
        at = at + 2 * frame <= audio.size() ? at + frame : 0;
    }
}
BENCHMARK(resample)
        ->Name("resample")
        ->Args({44100, 48000})
        ->Args({48000, 44100})
        ->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
