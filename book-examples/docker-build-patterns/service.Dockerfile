# The service image of patterns 1, 2 and 4: a bare Python and the one file a build produced.
# Its build context is a folder that holds pricetag.pyz; nothing of the build reaches this image.

FROM python:3.11-slim
RUN useradd --uid 10001 --no-create-home pricetag
COPY pricetag.pyz /app/pricetag.pyz
USER pricetag
EXPOSE 8000
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
ENTRYPOINT ["python", "/app/pricetag.pyz"]
CMD ["serve", "--port", "8000"]
