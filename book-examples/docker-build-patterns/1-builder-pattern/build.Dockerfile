# Pattern 1, the builder pattern: this build image builds the artifact while it is being built.
# Context: book-examples/docker-build-patterns/ (see run.sh). The artifact ends up in /target.

FROM python:3.11-slim
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_ROOT_USER_ACTION=ignore
# Least often changed first: the dependencies get a layer of their own, reused until requirements.txt changes.
COPY app/requirements.txt /src/requirements.txt
RUN pip install --quiet --target /dependencies -r /src/requirements.txt
COPY toolchain/build_zipapp.py /toolchain/build_zipapp.py
COPY app/ /src/
RUN python /toolchain/build_zipapp.py --source /src --dependencies /dependencies --target /target \
        --built-by "the builder pattern"
