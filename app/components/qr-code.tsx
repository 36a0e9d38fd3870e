// A QR code drawn on the server (app/utils/qr-code.server.ts) shown as one image with a
// name, and the address it encodes printed below it for those who would rather type.
// The SVG holds only the code's paths, never the text, so inserting it is safe.
export function QrCode({ svg, url, label, className = "" }: { svg: string; url: string; label: string; className?: string }) {
  return (
    <figure className={`flex flex-col items-center gap-3 ${className}`}>
      <div
        role="img"
        aria-label={label}
        className="aspect-square w-full bg-white [&>svg]:h-full [&>svg]:w-full"
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <figcaption className="break-all text-center font-mono">{url}</figcaption>
    </figure>
  );
}
